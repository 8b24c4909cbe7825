() => {
  // Runs once when a page of the UI has loaded (Gradio's `js` option).
  document.documentElement.lang = 'nl';

  const scroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowY) && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return null;
  };
  // Bring el's top into view: first inside its scrolling box (the chat), then in the page.
  const showTop = (el, margin = 8) => {
    const box = scroller(el);
    if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - margin;
    const top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) window.scrollBy(0, top - margin);
  };

  // [n] in an answer: open that answer's source card n, mark it and bring it into view.
  document.addEventListener('click', (event) => {
    const target = event.composedPath ? event.composedPath()[0] : event.target;
    const ref = target && target.closest ? target.closest('a.wa-ref') : null;
    if (!ref) return;
    event.preventDefault();
    event.stopPropagation();
    const message = ref.closest('.wa-bericht');
    // the chat's HTML sanitiser drops data-* attributes: the number is in a class (wa-ref-2 → wa-bron-2)
    const n = ([...ref.classList].find((c) => /^wa-ref-\d+$/.test(c)) || '').slice(7);
    const card = n && message && message.querySelector(`details.wa-bron-${n}`);
    if (!card) return;
    message.querySelectorAll('details.wa-bron.wa-actief').forEach((d) => d.classList.remove('wa-actief'));
    card.open = true;
    card.classList.add('wa-actief');
    // the quoted sentence (marked) in view, else the card's top
    showTop(card.querySelector('mark.wa-zin') || card, 60);
    const summary = card.querySelector('summary');
    if (summary) summary.focus({ preventScroll: true });
  }, true);

  // A new question in the chat: show it at the top, with the start of its answer right below.
  const watch = () => {
    const chats = document.querySelectorAll('#wa-chat');
    if (!chats.length) return false;
    chats.forEach((chat) => {
      if (chat.dataset.waWatched) return;
      chat.dataset.waWatched = '1';
      let count = chat.querySelectorAll('[data-testid=user]').length;
      new MutationObserver(() => {
        const users = chat.querySelectorAll('[data-testid=user]');
        if (users.length > count) {
          const last = users[users.length - 1];
          requestAnimationFrame(() => showTop(last));
        }
        count = users.length;
      }).observe(chat, { childList: true, subtree: true });
    });
    return true;
  };
  if (!watch()) {
    const t = setInterval(() => { if (watch()) clearInterval(t); }, 300);
  }
}
