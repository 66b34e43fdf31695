"""``choice``: tick the correct option (or every correct one)."""

from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field

from docgen.content.fields import Inline, QuestionBase
from docgen.content.errors import Broken, quoted_list
from docgen.layout.blocks import Choice, Choices
from docgen.questions import Laid, LayoutContext, QuestionType, letter


class ChoiceQuestion(QuestionBase):
    type: Literal["choice"]
    prompt: Inline
    """The question."""
    options: Annotated[list[Inline], Field(min_length=2, max_length=8)]
    """2 to 8 options, lettered A, B, C… on the worksheet."""
    answer: Inline | Annotated[list[Inline], Field(min_length=1)]
    """The text of the correct option, or a list of texts when several are correct."""
    keep_last: int = Field(default=0, ge=0, le=8, strict=True)
    """The last N options stay last when options are shuffled ("None of the above")."""

    @property
    def answers(self) -> list[str]:
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)

    @property
    def multiple(self) -> bool:
        return isinstance(self.answer, list)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


def ordered_options(question: ChoiceQuestion, context: LayoutContext) -> list[str]:
    """The options in print order.

    Numbers always read in ascending order (a shuffled 8/2/4/1 only
    confuses); other options are shuffled when asked, the last
    ``keep_last`` ("None of the above") staying last.
    """
    options = list(question.options)
    numbers = [_number(option) for option in options]
    if all(number is not None for number in numbers):
        return [option for _, option in sorted(zip(numbers, options), key=lambda pair: pair[0])]
    if context.shuffle:
        fixed = len(options) - question.keep_last
        head = options[:fixed]
        context.rng.shuffle(head)
        options = head + options[fixed:]
    return options


class ChoiceType(QuestionType):
    name = "choice"
    model = ChoiceQuestion
    synonyms = ("multiple_choice", "multiple choice", "multiplechoice", "mcq", "multi", "mc",
                "single_choice")

    def check(self, question: ChoiceQuestion, topic, path) -> Iterator[Broken]:
        seen: set[str] = set()
        for index, option in enumerate(question.options):
            if option in seen:
                yield Broken(path + ("options", index), f'the option "{option}" appears twice',
                             "every option must be different")
            seen.add(option)
        answers = question.answers
        for index, answer in enumerate(answers):
            if answer not in question.options:
                where = path + ("answer",) + ((index,) if question.multiple else ())
                yield Broken(where, f'"{answer}" is not one of the options ({quoted_list(question.options)})',
                             "the answer must repeat the text of the correct option exactly")
        if len(set(answers)) != len(answers):
            yield Broken(path + ("answer",), "the same answer is listed twice",
                         "list each correct option once")
        if question.keep_last >= len(question.options):
            yield Broken(path + ("keep_last",), f"keeps {question.keep_last} options last, but there are "
                         f"only {len(question.options)}", "keep_last counts the options at the end that "
                         "stay in place, e.g. 1 for \"None of the above\"")

    def lay_out(self, question: ChoiceQuestion, context: LayoutContext) -> Laid:
        answers = set(question.answers)
        options = tuple(Choice(letter(index), text, text in answers)
                        for index, text in enumerate(ordered_options(question, context)))
        block = Choices(options, multiple=question.multiple)
        return Laid(prompt=question.prompt, blocks=(block,),
                    answer_summary=", ".join(option.letter for option in options if option.correct),
                    note=context.labels["choose_all"] if question.multiple else None,
                    scan_rows=(block.scan_row(),))

    def to_item(self, question, items):
        return items.choice(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(ChoiceType())
