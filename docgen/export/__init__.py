"""Exports: the topic for quiz systems (Moodle, QTI) and flashcard apps (Anki, Quizlet, cut-out cards).

Each export is one module registered by output name, like the printed
outputs, and none is built unless asked for (``--only moodle`` or
``outputs:`` in docgen.yaml). Questions come from the same format-neutral
layout blocks the worksheet writers draw (docgen.layout.blocks), so an export can
never disagree with the printed answer key; flashcards come from the
topic's terms and comparison (``cards.py``).
"""
