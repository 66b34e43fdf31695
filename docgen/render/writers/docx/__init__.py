"""python-docx helpers and the Word worksheet builder."""


_KINDS = ("choices", "lines", "word_bank", "gap_text", "labelled", "match_table", "table", "answer_box")


def _drawer(kind: str):  # noqa: ANN202
    """Word draws each of docgen's blocks with a method of its writer (docx/document.py), looked up when
    drawn, so registering them imports no python-docx."""
    def draw(writer, block) -> None:  # noqa: ANN001
        getattr(writer, f"_draw_{kind}")(block)
    return draw


def setup(app) -> None:  # noqa: ANN001 - the registry
    for kind in _KINDS:
        app.add_block_drawer("docx", kind, _drawer(kind))
