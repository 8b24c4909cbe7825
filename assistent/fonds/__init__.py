"""All knowledge of the Kamerbrief and the Fonds Coöperatief Wonen: source ids, rules, fact reader, fact cards.

Generic stages know nothing of one document: a second domain would be a sibling of this package."""
