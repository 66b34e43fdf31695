"""XML read safely, with line numbers: no entities expanded, no DTD, nothing fetched."""

from __future__ import annotations

import io

from lxml import etree

from docgen.importers.bank import Malformed

_SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_PARSER_OPTIONS = dict(_SAFE, remove_comments=True, remove_pis=True)


def parse(data: bytes) -> etree._Element:
    """The root element; Malformed with the line when the file is not well-formed XML."""
    try:
        return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        raise Malformed(error.lineno, f"is not well-formed XML: {error.msg}",
                        "open it in a text editor at that line; a bank exported by the quiz system "
                        "itself is always well-formed, so the file was probably cut short or edited") from None


def local(element: etree._Element) -> str:
    """The tag without its namespace: ``questestinterop``."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def root_name(data: bytes) -> str:
    """The root element's local name, from the start of the file, or "" when it is not XML."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return ""
    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("start",), **_SAFE):
            return local(element)
    except etree.XMLSyntaxError:
        return ""
    return ""
