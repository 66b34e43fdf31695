"""The Word worksheet and answer key, read back with python-docx as Word would read them."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path

import docx
import pytest
from lxml import etree
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.shared import Inches, Mm, Pt, RGBColor

from docgen.content.model import topic_model
from docgen.content.reader import TopicFile
from docgen.project import Project, ProjectConfig
from docgen.layout.blocks import Choices, GapText, Labelled, Lines, MatchTable, Table, WordBank
from docgen.render.job import RenderJob
from docgen.render.writers.docx.document import worksheet_docx

W14 = nsmap["w14"]
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

TOPIC = {
    "title": "Logistics vs Operations",
    "subject": "Business Studies",
    "level": "Year 11",
    "lang": "en-GB",
    "compare": {"items": ["Logistics", "Operations"],
                "rows": [{"aspect": "Part of", "values": ["SCM", "Business management"]}]},
    "questions": [
        {"type": "choice", "prompt": "Which is a segment of the other? See [the article](https://example.org/a).",
         "options": ["Logistics of operations", "Operations of logistics", "Neither"],
         "answer": "Logistics of operations", "explanation": "Logistics sits *inside* operations."},
        {"type": "choice", "prompt": "Which are logistics tasks?", "points": 2,
         "options": ["Routing lorries", "Advertising", "Storing stock", "Borrowing money"],
         "answer": ["Routing lorries", "Storing stock"]},
        {"type": "true_false", "statement": "Every logistics task is an operations task.", "answer": True},
        {"type": "short", "prompt": "Why are they confused?", "lines": 4,
         "answer": "They are interrelated and depend on each other."},
        {"type": "long", "prompt": "Explain the difference.", "lines": 6, "points": 4,
         "answer": "1. Operations runs the whole process.\n2. Logistics moves and stores goods."},
        {"type": "blank", "word_bank": True,
         "text": "Logistics is part of [[supplychain]] and deals with [[transportation]] of goods."},
        {"type": "match", "points": 3, "pairs": [
            {"left": "Raw materials", "right": "Converted into goods"},
            {"left": "Work-in-progress", "right": "Started but not finished"},
            {"left": "Finished goods", "right": "Ready to be sold"}]},
        {"type": "classify", "prompt": "Which label fits each task?", "statements": [
            {"text": "Delivering to retailers", "answer": "Logistics"},
            {"text": "Designing the production process", "answer": "Operations"},
            {"text": "Storing work-in-progress", "answer": "Logistics"}]},
        {"type": "table", "items": ["Logistics", "Operations"], "rows": [
            {"aspect": "Part of", "values": ["Supply chain management", "[[Business management]]"]},
            {"aspect": "Scope", "values": ["[[Moving and storing goods from one place to another]]", None]}]},
        {"type": "numeric", "prompt": "How many days of stock does the warehouse hold?", "answer": 12.5,
         "tolerance": 0.5, "unit": "days"},
    ],
    "worksheet": {"instructions": "Answer **every** question.\n\n- Use a pen\n- Show your working"},
}
CONFIG = dict(course="Business 11B", teacher="Ms Rivera", student_fields=["Name", "Class", "Date"])


def make_job(tmp_path: Path, topic: dict = TOPIC, **config) -> RenderJob:
    topic_file = TopicFile("logistics", tmp_path / "logistics.yaml", topic_model().model_validate(topic))
    return RenderJob(topic_file, Project(root=tmp_path, config=ProjectConfig(**{**CONFIG, **config})))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(BytesIO(data))


@pytest.fixture
def job(tmp_path: Path) -> RenderJob:
    return make_job(tmp_path)


@pytest.fixture
def worksheet(job: RenderJob):
    return open_docx(worksheet_docx(job, answers=False))


@pytest.fixture
def answers(job: RenderJob):
    return open_docx(worksheet_docx(job, answers=True))


def xpath(element, path: str) -> list:
    return etree.XPath(path, namespaces=nsmap)(element)


def styled(document, name: str) -> list:
    return [p for p in document.paragraphs if p.style.name == name]


def checkboxes(document) -> list[bool]:
    """Every checkbox content control in document order, as checked or not."""
    return [box.find(qn("w14:checked")).get(qn("w14:val")) == "1"
            for box in document.element.body.iter(qn("w14:checkbox"))]


def body_text(document) -> str:
    return "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def tables_with_style(document, name: str) -> list:
    return [t for t in document.tables if t.style.name == name]


def table_with_style(document, name: str):
    (table,) = tables_with_style(document, name)
    return table


def questions_of(job: RenderJob, kind: str) -> list:
    return [q for q in job.worksheet.questions if q.type == kind]


def blocks_of(job: RenderJob, kind: type) -> list:
    return [b for q in job.worksheet.questions for b in q.blocks if isinstance(b, kind)]


def all_options(job: RenderJob) -> list:
    return [o for block in blocks_of(job, Choices) for o in block.options]


def test_named_styles_exist_and_are_used(worksheet, answers):
    for name in ("Worksheet Title", "Instructions", "Question", "Option", "Answer Line", "Answer",
                 "Explanation", "Word Bank", "Points", "Worksheet Table"):
        assert name in answers.styles, name
    for name in ("Worksheet Title", "Instructions", "Question", "Option", "Answer Line", "Word Bank"):
        assert styled(worksheet, name), f"worksheet uses no {name} paragraph"
    assert styled(answers, "Explanation")
    assert not styled(worksheet, "Explanation")
    run_styles = {run.style.name for p in answers.paragraphs for run in p.runs}
    assert {"Answer", "Points"} <= run_styles
    answer = answers.styles["Answer"]
    assert answer.font.bold and answer.font.color.rgb == RGBColor(0x1F, 0x3A, 0x8A)
    assert answers.styles["Explanation"].font.italic
    normal = answers.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Calibri", Pt(11))
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_no_empty_paragraphs_used_as_spacing(worksheet):
    empty = [p for p in worksheet.paragraphs if not p.text.strip() and not xpath(p._p, ".//w:sdt")]
    # The only empty paragraphs are the ruled write-on lines themselves.
    assert {p.style.name for p in empty} == {"Answer Line"}


def test_question_numbers_are_real_word_numbering(job, worksheet):
    questions = styled(worksheet, "Question")
    assert len(questions) == len(job.worksheet.questions)
    num_ids = {p._p.pPr.numPr.numId.val for p in questions}
    assert len(num_ids) == 1
    assert all(p._p.pPr.numPr.ilvl.val == 0 for p in questions)
    numbering = worksheet.part.numbering_part.element
    (num,) = xpath(numbering, f"w:num[@w:numId='{num_ids.pop()}']")
    assert xpath(num, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]
    abstract_id = xpath(num, "w:abstractNumId/@w:val")[0]
    (level,) = xpath(numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']")
    assert xpath(level, "w:numFmt/@w:val") == ["decimal"]
    assert xpath(level, "w:lvlText/@w:val") == ["%1."]
    assert xpath(level, "w:start/@w:val") == ["1"]
    assert xpath(level, "w:rPr/w:b")
    # Word counts 1, 2, 3... down the list, which is what the plan numbered.
    assert [q.number for q in job.worksheet.questions] == list(range(1, len(questions) + 1))
    assert not any(p.text.startswith(f"{q.number}.") for p, q in zip(questions, job.worksheet.questions))


def test_points_at_the_right_margin_and_total_by_the_title(job, worksheet):
    section = worksheet.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for paragraph, question in zip(styled(worksheet, "Question"), job.worksheet.questions):
        last = paragraph.runs[-1]
        assert last.style.name == "Points"
        assert last.text.replace("\u00a0", " ") == f"({question.points_label})"
        assert paragraph.runs[-2].text == "\t"
        stops = [(s.position, s.alignment) for s in paragraph.paragraph_format.tab_stops]
        assert (width, WD_TAB_ALIGNMENT.RIGHT) in stops
    (title,) = styled(worksheet, "Worksheet Title")
    assert title.text == job.worksheet.title
    (fields,) = styled(worksheet, "Student Fields")
    total = job.labels.points(job.worksheet.total_points)
    assert fields.text.replace("\u00a0", " ").endswith(f"Total ______ / {total}")
    assert (width, WD_TAB_ALIGNMENT.RIGHT) in [(s.position, s.alignment) for s in fields.paragraph_format.tab_stops]


def test_instructions_markdown_in_the_box(worksheet):
    boxed = styled(worksheet, "Instructions")
    assert [p.text for p in boxed] == ["Answer every question.", "Use a pen", "Show your working"]
    assert any(run.bold and run.text == "every" for run in boxed[0].runs)
    assert all(p._p.pPr.numPr is not None for p in boxed[1:])  # a real bulleted list


def test_one_checkbox_per_option_none_ticked_in_the_worksheet(job, worksheet):
    boxes = checkboxes(worksheet)
    expected = len(all_options(job))
    assert len(boxes) == expected
    assert not any(boxes)
    root = worksheet.element
    assert root.nsmap.get("w14") == W14
    assert "w14" in root.get(f"{{{MC}}}Ignorable").split()
    control_ids = xpath(root, "//w:sdt/w:sdtPr/w:id/@w:val")
    assert len(control_ids) == len(set(control_ids)) == expected


def test_answer_key_ticks_exactly_the_correct_options(job, answers):
    expected = [option.correct for option in all_options(job)]
    assert checkboxes(answers) == expected
    for box in answers.element.body.iter(qn("w:sdt")):
        checked = box.find(f".//{qn('w14:checked')}").get(qn("w14:val")) == "1"
        assert box.find(f"{qn('w:sdtContent')}//{qn('w:t')}").text == ("\u2611" if checked else "\u2610")
    marked = [run.text for p in styled(answers, "Option") for run in p.runs if run.style.name == "Answer"]
    assert marked == [o.text for o in all_options(job) if o.correct]
    multiple = blocks_of(job, Choices)[1]
    assert multiple.multiple
    assert "Choose all that apply." in styled(answers, "Question")[1].text


def test_footer_has_page_of_pages_fields(worksheet, job):
    section = worksheet.sections[0]
    for footer in (section.footer,):
        xml = footer._element.xml
        instructions = [t.strip() for t in xpath(footer._element, ".//w:instrText/text()")]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
        text = "".join(p.text for p in footer.paragraphs)
        assert text.startswith("Business 11B · Logistics vs Operations\tPage ")
        assert " of " in text


def test_student_fields_under_the_title_as_in_the_pdf(worksheet):
    (fields,) = styled(worksheet, "Student Fields")
    assert fields.text.startswith("Name \t  Class \t  Date \t\tTotal")
    leaders = [stop.leader for stop in fields.paragraph_format.tab_stops
               if stop.alignment != WD_TAB_ALIGNMENT.CLEAR]
    assert leaders == [WD_TAB_LEADER.LINES] * 3 + [WD_TAB_LEADER.SPACES]
    assert not worksheet.sections[0].header.paragraphs or not worksheet.sections[0].header.paragraphs[0].text
    assert "ANSWER KEY" not in body_text(worksheet)


def test_answer_key_banner_on_every_page(answers):
    section = answers.sections[0]
    assert not section.different_first_page_header_footer
    banner = section.header.paragraphs[0]
    assert (banner.text, banner.style.name) == ("ANSWER KEY", "Answer Key Banner")
    style = answers.styles["Answer Key Banner"]
    assert style.font.bold
    assert style.element.pPr.find(qn("w:pBdr")) is not None


def test_core_properties_and_reproducible_bytes(job, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = worksheet_docx(job, answers=False)
    assert data == worksheet_docx(job, answers=False)
    properties = open_docx(data).core_properties
    assert properties.title == "Logistics vs Operations — Worksheet"
    assert properties.subject == "Business Studies"
    assert properties.author == "Ms Rivera"
    assert properties.language == "en-GB"
    assert properties.keywords == "Business Studies, Year 11, Business 11B"
    assert "python-docx" not in properties.comments + properties.last_modified_by
    today = datetime.combine(date.today(), datetime.min.time(), tzinfo=timezone.utc)
    assert properties.created == properties.modified == today
    with zipfile.ZipFile(BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {today.timetuple()[:6]}
        assert not [name for name in package.namelist() if "thumbnail" in name]

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = open_docx(worksheet_docx(job, answers=False)).core_properties
    assert later.created == datetime(2023, 11, 14, tzinfo=timezone.utc)  # that day, at midnight


def test_gaps_are_lines_in_the_worksheet_and_answers_in_the_key(job, worksheet, answers):
    (gap_text,) = blocks_of(job, GapText)
    gaps = gap_text.gaps
    (sheet_text,) = styled(worksheet, "Gap Text")
    (key_text,) = styled(answers, "Gap Text")
    for gap in gaps:
        assert gap not in sheet_text.text
        assert gap in key_text.text
    # Each gap is a line as long as its answer needs in handwriting (at least 40 mm).
    lines = [len(run) for run in sheet_text.text.split() if set(run) == {"_"}]
    assert len(lines) == len(gaps) and min(lines) >= 20
    filled = [run for run in key_text.runs if run.style.name == "Answer"]
    # On the gap's underline, as the PDF key draws it; padded with no-break spaces, not plain ones
    # (a plain space before the punctuation read as "operations .").
    assert [run.text.strip() for run in filled] == gaps and all(run.underline for run in filled)
    assert not any(run.text.startswith(" ") or run.text.endswith(" ") for run in filled)
    (bank,) = styled(worksheet, "Word Bank")
    (words,) = blocks_of(job, WordBank)
    assert bank.text == "   \u00b7   ".join(words.words)
    assert bank.style.element.pPr.find(qn("w:pBdr")) is not None


def test_written_answers_ruled_lines_and_model_answers(job, worksheet, answers):
    written = blocks_of(job, Lines)
    assert len(styled(worksheet, "Answer Line")) >= sum(block.count for block in written)
    line = worksheet.styles["Answer Line"].paragraph_format
    assert abs(line.line_spacing - Mm(8)) < Mm(0.1)
    model = [p for p in styled(answers, "Model Answer") if p.text]
    assert [p.text for p in model] == ["They are interrelated and depend on each other.",
                                       "Operations runs the whole process.",
                                       "Logistics moves and stores goods."]
    assert all(run.style.name == "Answer" for p in model for run in p.runs)
    assert model[1]._p.pPr.numPr is not None  # the long answer's numbered list stays a list
    # No ruled lines left over in the key: the answer is written in the lines' room.
    assert not styled(answers, "Answer Line")
    assert len(styled(answers, "Model Answer")) == len(styled(worksheet, "Answer Line"))


def test_match_table_letters(job, worksheet, answers):
    (match,) = blocks_of(job, MatchTable)
    for document, filled in ((worksheet, False), (answers, True)):
        table = table_with_style(document, "Match Table")
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert [row[1] for row in rows] == [f"{r.number}. {r.left}" for r in match.rows]
        assert [row[2] for row in rows] == [f"{r.letter}. {r.right}" for r in match.rows]
        boxes = [row[0] for row in rows]
        assert boxes == ([r.answer for r in match.rows] if filled else [""] * len(match.rows))
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    box_runs = [table_with_style(answers, "Match Table").rows[0].cells[0].paragraphs[0].runs[0]]
    assert box_runs[0].style.name == "Answer"


def test_classify_table_one_column_per_category(job, worksheet, answers):
    table = blocks_of(job, Table)[0]  # the classify question's; the table question's comes next
    (statements,) = blocks_of(job, Labelled)
    assert table.header == ("Logistics", "Operations")  # from compare.items
    sheet = tables_with_style(worksheet, "Worksheet Table")[0]
    assert [cell.text for cell in sheet.rows[0].cells] == list(table.header)
    assert all(not cell.text for row in sheet.rows[1:] for cell in row.cells)
    assert sheet.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    key = tables_with_style(answers, "Worksheet Table")[0]
    assert len(key.rows) == len(sheet.rows) == len(table.rows) + 1
    for index in range(len(table.header)):
        column = [row.cells[index].text for row in key.rows[1:] if row.cells[index].text]
        assert column == [row[index].text for row in table.rows if row[index].text]
    # The statements are lettered a), b) as in the PDF.
    labels = [p.runs[0].text.strip() for p in styled(worksheet, "Option") if p.runs and p.runs[0].text.endswith(")\t")]
    assert labels == [label for label, _ in statements.items]
    header_style = answers.styles["Worksheet Table"].element
    assert xpath(header_style, "w:tblStylePr[@w:type='firstRow']/w:rPr/w:b")


def test_table_question_rows_as_tall_as_their_answers(job, worksheet, answers):
    block = blocks_of(job, Table)[1]
    sheet, key = (tables_with_style(document, "Worksheet Table")[1] for document in (worksheet, answers))
    texts = [[cell.text for cell in row.cells] for row in sheet.rows]
    assert texts == [["", "Logistics", "Operations"], ["Part of", "Supply chain management", ""],
                     ["Scope", "", "—"]]
    assert [cell.text for cell in key.rows[2].cells][1] == "Moving and storing goods from one place to another"
    heights = [row.height for row in sheet.rows[1:]]
    assert heights == [row.height for row in key.rows[1:]]
    assert [round(height.mm) for height in heights] == [round(height) for height in block.heights_mm]
    assert heights[1] > heights[0]  # the longer answer gets more room


def test_explanations_only_in_the_answer_key(job, worksheet, answers):
    explained = [q for q in job.worksheet.questions if q.explanation]
    assert [p.text for p in styled(answers, "Explanation")] == [
        "Logistics sits inside operations."] * len(explained)
    assert "sits inside" not in body_text(worksheet)


def test_each_question_kept_on_one_page(worksheet):
    body = list(worksheet.element.body)
    starts = [i for i, block in enumerate(body) if xpath(block, "w:pPr/w:pStyle[@w:val='Question']")]
    ends = starts[1:] + [len(body) - 1]  # the closing sectPr
    for start, end in zip(starts, ends):
        paragraphs = [p for block in body[start:end] for p in block.iter(qn("w:p"))]
        keep = [p.pPr is not None and p.pPr.keepNext is not None for p in paragraphs]
        assert keep == [True] * (len(paragraphs) - 1) + [False]


def test_links_are_real_hyperlinks(worksheet):
    (link,) = worksheet.element.body.iter(qn("w:hyperlink"))
    relationship = worksheet.part.rels[link.get(qn("r:id"))]
    assert relationship.is_external and relationship.target_ref == "https://example.org/a"
    assert "".join(t.text for t in link.iter(qn("w:t"))) == "the article"


@pytest.mark.parametrize("paper, width, height", [("A4", Mm(210), Mm(297)),
                                                  ("letter", Inches(8.5), Inches(11))])
def test_paper_size_from_config(tmp_path, paper, width, height):
    section = open_docx(worksheet_docx(make_job(tmp_path, paper=paper), answers=False)).sections[0]
    # Word stores lengths in twips: equal to within a twip.
    assert abs(section.page_width - width) < Mm(0.1) and abs(section.page_height - height) < Mm(0.1)
    assert abs(section.left_margin - Mm(20)) < Mm(0.1)


def write_reference(path: Path, *, numbering: bool = True, w14: bool = True) -> None:
    """A teacher's reference document: Georgia 12 pt on letter paper, its own Question style."""
    reference = docx.Document()
    reference.add_paragraph("This body text must not reach the worksheet.")
    normal = reference.styles["Normal"]
    normal.font.name, normal.font.size = "Georgia", Pt(12)
    question = reference.styles.add_style("Question", 1)
    question.font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    section = reference.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = Inches(1.25)
    if not numbering:
        for r_id, rel in list(reference.part.rels.items()):
            if rel.reltype == RT.NUMBERING:
                del reference.part.rels[r_id]
    reference.save(path)
    if not w14:  # as a program that never heard of Word 2010 would write it
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        xml = parts["word/document.xml"].decode()
        start, end = xml.index("<w:document"), xml.index("<w:body>")
        parts["word/document.xml"] = (xml[:start] + '<w:document xmlns:w="' + nsmap["w"]
                                      + '" xmlns:r="' + nsmap["r"] + '">' + xml[end:]).encode()
        with zipfile.ZipFile(path, "w") as package:
            for name, data in parts.items():
                package.writestr(name, data)


def test_reference_docx_supplies_styles_and_page(tmp_path):
    write_reference(tmp_path / "reference.docx")
    job = make_job(tmp_path, reference_docx="reference.docx", paper="A4")
    document = open_docx(worksheet_docx(job, answers=True))
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Georgia", Pt(12))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    assert section.left_margin == Inches(1.25)
    assert document.styles["Question"].font.color.rgb == RGBColor(0x80, 0x00, 0x00)
    assert "Worksheet Title" in document.styles and "Answer" in document.styles
    assert "must not reach" not in body_text(document)
    assert len(styled(document, "Question")) == len(job.worksheet.questions)


def test_reference_without_numbering_or_w14_still_numbers_and_ticks(tmp_path):
    write_reference(tmp_path / "plain.docx", numbering=False, w14=False)
    with zipfile.ZipFile(tmp_path / "plain.docx") as package:
        assert b"numbering" not in package.read("word/_rels/document.xml.rels")
        assert b"w14" not in package.read("word/document.xml")
    job = make_job(tmp_path, reference_docx="plain.docx")
    document = open_docx(worksheet_docx(job, answers=True))
    numbering = document.part.numbering_part.element
    num_id = styled(document, "Question")[0]._p.pPr.numPr.numId.val
    assert xpath(numbering, f"w:num[@w:numId='{num_id}']")
    assert document.element.nsmap["w14"] == W14
    assert "w14" in document.element.get(f"{{{MC}}}Ignorable").split()
    assert sum(checkboxes(document)) == 4  # 1 + 2 + 1 correct options


def test_table_row_headings_are_bold_on_a_fill_as_in_the_pdf(worksheet):
    sheet = tables_with_style(worksheet, "Worksheet Table")[1]
    for row in sheet.rows[1:]:
        heading, *cells = row.cells
        assert all(run.bold for run in heading.paragraphs[0].runs)
        assert xpath(heading._tc, "w:tcPr/w:shd/@w:fill") == ["F2F2F2"]
        assert all(not xpath(cell._tc, "w:tcPr/w:shd") for cell in cells)
