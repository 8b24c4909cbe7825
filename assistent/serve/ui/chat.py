"""The chat: question box, streamed answers with their sources, 👍/👎 feedback and example questions.

Used twice: in the tab "Vraag het" of the full UI (with trainer mode) and, compact, in the partner view.
Conversations live in the browser session (a gr.State) only; feedback goes to the FeedbackStore.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistent.errors import AssistentError
from assistent.answer.events import Fallback, Status
from assistent.models import Result, Turn
from assistent.serve.feedback import FeedbackStore
from assistent.serve.ui.html import PRIVATE, answer_html, esc, esc_lines
from assistent.settings import Settings

log = logging.getLogger("assistent.serve.ui")

PRIVACY_NOTE = (
    "Uw gesprek wordt nergens bewaard. Alleen als u een antwoord beoordeelt (duim omhoog of omlaag), bewaren we "
    "die vraag, dat antwoord en uw toelichting, om de assistent te verbeteren."
)

EXAMPLES: dict[str, list[str]] = {
    "Fonds": [
        "Hoeveel eigen inleg is nodig?",
        "Wat is het Fonds Coöperatief Wonen?",
        "Vanaf welke fase financiert het fonds een project?",
    ],
    "Grond en locatie": [
        "Mag een gemeente na het Didam-arrest nog grond gunnen aan een wooncoöperatie?",
        "Hoe kan erfpacht helpen bij het opzetten van een wooncoöperatie?",
    ],
    "Gemeenten": [
        "Hoe helpt het fonds ook gemeenten?",
        "Waar kan ik de kenniswijzer over coöperatief wonen vinden?",
    ],
    "Sociale huur": [
        "Kunnen huurders van een woningcorporatie hun woningen samen overkopen via een coöperatie?",
        "Mag een beheercoöperatie zelf bepalen wie er in een vrijgekomen woning komt?",
    ],
    "Toeslagen": [
        "Krijg ik huurtoeslag als ik in een onzelfstandige woning in een wooncoöperatie woon?",
        "Wat wordt er onderzocht in de verkenning naar de kostendelersnorm?",
    ],
    "Bewoningsrecht": [
        "Hoe zorgen we dat bewoners blijven bijdragen aan onze woonvereniging?",
        "Wat verandert er aan het bewoningsrecht?",
    ],
}


# -- quick replies: the eligibility questionnaire's next question, one button per value --------------

# What a button sends: words the questionnaire in the chat reads as that value. A value without words
# that it reads (organisation_form "other") gets no button: the resident types the answer instead.
_REPLY_TEXT: dict[tuple[str, Any], str] = {
    ("initiative_phase_complete", True): "Ja, de initiatieffase is afgerond.",
    ("initiative_phase_complete", False): "Nee, de initiatieffase is nog niet afgerond.",
    ("tenure", "huur"): "Huurwoningen.",
    ("tenure", "koop"): "Koopwoningen.",
    ("tenure", "gemengd"): "Huur- en koopwoningen.",
    ("phase", "plan"): "De planfase.",
    ("phase", "bouw"): "De bouwfase.",
    ("organisation_form", "wooncooperatie"): "Wij zijn een wooncoöperatie.",
    ("organisation_form", "woonvereniging"): "Wij zijn een woonvereniging.",
    ("organisation_form", "cpo_cooperatief"): "Wij zijn een CPO met een coöperatief karakter.",
    ("organisation_form", "medeopdrachtgeverschap"): "Het gaat om medeopdrachtgeverschap.",
    ("organisation_form", "beheercooperatie"): "Wij zijn een beheercoöperatie.",
    ("project_type", "nieuwbouw"): "Nieuwbouw.",
    ("project_type", "transformatie"): "Transformatie: een ander gebouw wordt woningen.",
    ("project_type", "bestaande_bouw"): "Bestaande woningen.",
}
MAX_QUICK_REPLIES = 6


def quick_replies_for(convo: list[dict[str, Any]]) -> tuple[str, list[tuple[str, str]]]:
    """The question the last answer asks and its buttons (label, text to send); ("", []) when there are none.

    Only when the last turn is an eligibility answer that asks for one fact with a few possible values.
    """
    if not convo or convo[-1].get("error") or not convo[-1].get("result"):
        return "", []
    ask = ((convo[-1]["result"].get("rules") or {}).get("next_question")) or {}
    options = ask.get("options") or []
    if not options or len(options) > MAX_QUICK_REPLIES:
        return "", []
    key = ask.get("key", "")
    buttons = [(o["label"], _REPLY_TEXT[(key, o["value"])]) for o in options if (key, o.get("value")) in _REPLY_TEXT]
    return (ask.get("text") or "", buttons) if buttons else ("", [])


def quick_update(convo: list[dict[str, Any]]) -> dict[str, Any]:
    """The quick-reply radio for the conversation: shown with the next question's values, or hidden."""
    question, buttons = quick_replies_for(convo)
    if not buttons:
        return gr.update(visible=False, choices=[], value=None)
    return gr.update(visible=True, choices=buttons, value=None, label=f"Snel antwoorden: {question}")


# -- the conversation as chat messages -----------------------------------------------------------


def render_chat(
    assistant: Any, convo: list[dict[str, Any]], trainer: bool = False, pending: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """The chatbot messages for the conversation: one user and one assistant message per turn."""
    messages: list[dict[str, Any]] = []
    for turn in convo:
        messages.append({"role": "user", "content": esc_lines(turn["question"])})
        if turn.get("error"):
            messages.append({"role": "assistant", "content": f'<div class="wa-fout">{esc_lines(turn["error"])}</div>'})
        else:
            messages.append({"role": "assistant", "content": answer_html(assistant, Result.model_validate(turn["result"]), trainer)})
    if pending is not None:
        # (question, text so far[, status while there is no text yet[, note: the LLM reply was withdrawn]])
        question, partial, status, note = (*pending, "", "")[:4]
        messages.append({"role": "user", "content": esc_lines(question)})
        waiting = esc_lines(status or "Even zoeken in de bronnen…")
        body = esc_lines(partial) if partial else f'<span class="wa-bezig">{waiting}</span>'
        if note:
            body = f'<div class="wa-terugval">{esc_lines(note)}</div>' + body
        messages.append({"role": "assistant", "content": body + '<span class="wa-cursor">▌</span>'})
    return messages


def history_of(convo: list[dict[str, Any]], max_turns: int) -> list[Turn]:
    """The conversation so far as Turns for follow-up questions (answered turns only, newest last)."""
    turns: list[Turn] = []
    for t in convo:
        if t.get("error") or not t.get("result"):
            continue
        turns.append(Turn(role="user", content=t["question"]))
        turns.append(Turn(role="assistant", content=t["result"]["answer"]))
    if max_turns and len(turns) > max_turns:
        turns = turns[-(max_turns - max_turns % 2) :] if max_turns >= 2 else []
    return turns


# -- events ---------------------------------------------------------------------------------------


def save_feedback(store: FeedbackStore, fields: dict[str, Any]) -> bool:
    """Store a rating (question, answer, rating and maybe comment); False (and a log entry) when that fails."""
    try:
        store.add(fields["question"], fields["answer"], fields["rating"], fields.get("comment"))
        return True
    except Exception:
        log.exception("Feedback kon niet worden opgeslagen")
        return False


def clear_feedback() -> tuple[str, Any, None]:
    return "", gr.update(visible=False), None


def on_send() -> tuple[str, Any, None, Any]:
    """A question is sent: the feedback message, the comment box and the quick replies go."""
    return "", gr.update(visible=False), None, gr.update(visible=False)


def reset() -> tuple[list, list, str, str, Any, None, Any]:
    return [], [], "", "", gr.update(visible=False), None, gr.update(visible=False, choices=[], value=None)


class ChatEvents:
    """The chat's event handlers, for one assistant, its settings and the feedback store."""

    def __init__(self, assistant: Any, settings: Settings, feedback: FeedbackStore):
        self.assistant = assistant
        self.settings = settings
        self.feedback = feedback

    def _answer(self, text: str, conversation: list[dict[str, Any]], show_trainer: bool) -> Iterator[list[dict[str, Any]]]:
        """The chat while the answer streams in; at the end the turn (answer or error) is in conversation."""
        history = history_of(conversation, self.settings.max_history_turns)
        partial = ""
        yield render_chat(self.assistant, conversation, show_trainer, pending=(text, ""))
        result: Result | None = None
        status = note = ""
        try:
            for event in self.assistant.ask_stream(text, history):
                if isinstance(event, Result):
                    result = event
                    continue
                if isinstance(event, Status):
                    status = event.text
                elif isinstance(event, Fallback):
                    partial = ""  # what the language model wrote is withdrawn; the answer from the sources follows
                    note = event.note + (" (" + "; ".join(event.reasons) + ")" if show_trainer and event.reasons else "")
                else:
                    partial += event
                yield render_chat(self.assistant, conversation, show_trainer, pending=(text, partial, status, note))
        except AssistentError as exc:
            conversation.append({"question": text, "error": str(exc)})
        except Exception:
            log.exception("Vraag mislukt")
            conversation.append({"question": text, "error": "Er ging iets mis bij het beantwoorden. Probeer het nog eens."})
        else:
            if result is None:
                conversation.append({"question": text, "error": "Er kwam geen antwoord. Probeer het nog eens."})
            else:
                conversation.append({"question": text, "result": result.model_dump(mode="json")})

    def ask(
        self, text: str, conversation: list[dict[str, Any]], show_trainer: bool = False
    ) -> Iterator[tuple[Any, Any, Any, Any]]:
        """(chat messages, conversation, question box, quick replies) after each streamed piece of the answer."""
        show_trainer = bool(show_trainer)
        text = (text or "").strip()
        conversation = list(conversation or [])
        if not text:
            yield render_chat(self.assistant, conversation, show_trainer), conversation, "", quick_update(conversation)
            return
        for messages in self._answer(text, conversation, show_trainer):
            yield messages, conversation, "", gr.skip()  # the buttons were hidden when the question was sent
        yield render_chat(self.assistant, conversation, show_trainer), conversation, "", quick_update(conversation)

    def on_like(self, conversation: list[dict[str, Any]], data: gr.LikeData):
        """👍/👎 on an answer: store it, thank the user and offer the comment box."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn_no = int(index) // 2
        conversation = conversation or []
        if data.liked is True:
            rating = "up"
        elif data.liked is False:
            rating = "down"
        else:
            return "", gr.update(visible=False), None
        if turn_no >= len(conversation) or conversation[turn_no].get("error"):
            return "", gr.update(visible=False), None
        turn = conversation[turn_no]
        fields = {"question": turn["question"], "answer": turn["result"]["answer"], "rating": rating}
        if not save_feedback(self.feedback, fields):
            return '<div class="wa-melding wa-fout">Uw beoordeling kon niet worden opgeslagen. Probeer het later nog eens.</div>', gr.update(visible=False), None
        thumb = "👍" if rating == "up" else "👎"
        msg = f'<div class="wa-melding">Dank u wel voor uw beoordeling {thumb}. Wilt u nog iets toelichten? Dat mag, maar hoeft niet.</div>'
        return msg, gr.update(visible=True), fields

    def on_comment(self, text: str, fields: dict[str, Any] | None):
        """The optional comment on the last rating: stored as one more row with the same rating."""
        text = (text or "").strip()
        if not fields:
            return '<div class="wa-melding">Geef eerst een beoordeling met 👍 of 👎 bij een antwoord.</div>', gr.update(), ""
        if not text:
            return '<div class="wa-melding">U heeft nog niets getypt.</div>', gr.update(), ""
        if not save_feedback(self.feedback, {**fields, "comment": text}):
            return '<div class="wa-melding wa-fout">Uw toelichting kon niet worden opgeslagen.</div>', gr.update(), text
        return '<div class="wa-melding">Dank u wel, uw toelichting is opgeslagen.</div>', gr.update(visible=False), ""


# -- components -----------------------------------------------------------------------------------


def _chatbot(compact: bool) -> gr.Chatbot:
    return gr.Chatbot(
        value=[],
        elem_id="wa-chat",
        label="Gesprek",
        show_label=False,
        # the embed fills its iframe (footer in view); the full page leaves room for the question box
        height="max(220px, calc(100vh - 300px))" if compact else "min(560px, 72vh)",
        render_markdown=False,  # messages are HTML we build from escaped text
        sanitize_html=True,
        allow_tags=False,
        latex_delimiters=[],
        buttons=[],
        feedback_options=("Like", "Dislike"),
        placeholder="Stel hieronder uw vraag over wooncoöperaties. Onder elk antwoord staan de bronnen.",
        autoscroll=False,  # ui.js shows each new question at the top with its answer below
    )


def _question_row(settings: Settings, compact: bool) -> tuple[gr.Textbox, gr.Button, gr.Button]:
    """The question box with its send button, then "Nieuw gesprek" and the privacy note."""
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            elem_id="wa-vraag",
            label="Uw vraag",  # not shown, but the name screen readers read (else Gradio's "Textbox")
            show_label=False,
            placeholder="Typ uw vraag" if compact else "Typ uw vraag, bijvoorbeeld: Hoeveel eigen inleg is nodig?",
            lines=1,
            max_lines=6,
            max_length=settings.max_question_chars,
            scale=5,
            autofocus=False,  # on a phone focus would scroll the title away and open the keyboard
        )
        send = gr.Button("Vraag", variant="primary", elem_id="wa-verstuur", scale=1, min_width=90)
    if compact:
        new = gr.Button("Nieuw gesprek", elem_id="wa-nieuw", size="sm")
        gr.HTML(f'<div class="wa-privacy wa-embed-voet">{esc(PRIVACY_NOTE)}</div>', js_on_load=None)
    else:
        with gr.Row(elem_id="wa-onder-vraag"):  # stacked on a phone (ui.css)
            new = gr.Button("Nieuw gesprek", elem_id="wa-nieuw", size="sm", scale=0, min_width=140)
            gr.HTML(f'<div class="wa-privacy">{esc(PRIVACY_NOTE)}</div>', js_on_load=None)
    return question, send, new


def _feedback_box() -> tuple[gr.HTML, gr.Group, gr.Textbox, gr.Button]:
    """The thank-you message and the (hidden until a rating) comment box."""
    feedback_msg = gr.HTML("", elem_id="wa-feedback-melding", js_on_load=None)
    with gr.Group(visible=False, elem_id="wa-toelichting") as comment_box:
        comment = gr.Textbox(
            label="Wilt u iets toelichten? Dat mag, maar hoeft niet.",
            placeholder="Bijvoorbeeld: wat miste u in het antwoord?",
            lines=2,
            max_length=2000,
            elem_id="wa-toelichting-tekst",
        )
        send_comment = gr.Button("Stuur toelichting", size="sm", elem_id="wa-toelichting-stuur")
    return feedback_msg, comment_box, comment, send_comment


def _example_buttons() -> list[tuple[gr.Button, str]]:
    """The example questions, three topics to a row; each button with the question it asks."""
    buttons: list[tuple[gr.Button, str]] = []
    with gr.Accordion("Voorbeeldvragen per onderwerp", open=True, elem_id="wa-voorbeelden"):
        topics = list(EXAMPLES.items())
        for start in range(0, len(topics), 3):
            with gr.Row(equal_height=False):
                for topic, questions in topics[start : start + 3]:
                    with gr.Column(min_width=220, elem_classes="wa-onderwerp"):
                        gr.HTML(f'<div class="wa-onderwerp-naam">{esc(topic)}</div>', js_on_load=None)
                        for q in questions:
                            b = gr.Button(q, size="sm", elem_classes="wa-voorbeeld")
                            buttons.append((b, q))
    return buttons


# -- the section ----------------------------------------------------------------------------------


def chat_section(
    assistant: Any,
    settings: Settings,
    feedback: FeedbackStore,
    trainer: gr.Checkbox | None,
    compact: bool = False,
    below_chat: Callable[[gr.State], Any] | None = None,
) -> dict[str, Any]:
    """Chatbot, question box, buttons, feedback and (full view) example questions; wires the events.

    ``below_chat(convo)`` builds extra components (the trainer panel) between the chat and the examples;
    what it returns is in the result as "below".
    """
    convo = gr.State([])
    pending_feedback = gr.State(None)
    chatbot = _chatbot(compact)
    # the eligibility questionnaire's next question as buttons (like the check tab's "Snel antwoorden")
    quick = gr.Radio([], value=None, label="Snel antwoorden", visible=False, elem_id="wa-chat-snel")
    question, send, new = _question_row(settings, compact)
    feedback_msg, comment_box, comment, send_comment = _feedback_box()
    below = below_chat(convo) if below_chat is not None else None
    example_buttons = [] if compact else _example_buttons()

    events = ChatEvents(assistant, settings, feedback)
    trainer_inputs = [trainer] if trainer is not None else []
    hide_feedback = [feedback_msg, comment_box, pending_feedback]
    common = dict(outputs=[chatbot, convo, question, quick], show_progress="hidden", concurrency_limit=4,
                  concurrency_id="wa-vraag", **PRIVATE)
    sending = [*hide_feedback, quick]
    send.click(on_send, None, sending, queue=False, **PRIVATE).then(
        events.ask, [question, convo, *trainer_inputs], **common
    )
    question.submit(on_send, None, sending, queue=False, **PRIVATE).then(
        events.ask, [question, convo, *trainer_inputs], **common
    )
    for button, q in example_buttons:
        button.click(on_send, None, sending, queue=False, **PRIVATE).then(
            events.ask, [gr.State(q), convo, *trainer_inputs], **common
        )
    quick.input(clear_feedback, None, hide_feedback, queue=False, **PRIVATE).then(
        events.ask, [quick, convo, *trainer_inputs], **common
    )  # the radio stays as it is until the answer is there (it is the question's input)
    cleared = [chatbot, convo, question, feedback_msg, comment_box, pending_feedback, quick]
    new.click(reset, None, cleared, queue=False, **PRIVATE)
    chatbot.clear(reset, None, cleared, queue=False, **PRIVATE)
    chatbot.like(events.on_like, [convo], hide_feedback, queue=False, **PRIVATE)
    send_comment.click(
        events.on_comment, [comment, pending_feedback], [feedback_msg, comment_box, comment], queue=False, **PRIVATE
    )
    return {"chatbot": chatbot, "convo": convo, "question": question, "send": send, "new": new, "below": below,
            "quick": quick}
