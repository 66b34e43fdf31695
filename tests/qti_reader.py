"""An independent reader of QTI 1.2 packages: pyslet (IMS content packaging and QTI v1).

pyslet opens the zip as an IMS content package, reads the manifest, parses
each ``imsqti_xmlv1p2`` resource with its QTI v1 object model and migrates
every item to QTI v2, whose response processing it can run. Scoring a
response there is scoring it with the package's own ``resprocessing``, as
read by someone else's code.

pyslet's last release (2017) predates Python 3.10: two small Python 3 bugs
on the paths used here are patched below, nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pyslet import imscpv1p2 as imscp
from pyslet.qtiv1 import core as qti1_core
from pyslet.qtiv1.xml import QTIDocument
from pyslet.qtiv2 import interactions
from pyslet.qtiv2.variables import ItemSessionState, Value
from pyslet.xml import structures


def _get_or_add_child(self, child_class):
    """pyslet calls ``generator.next()`` (Python 2)."""
    for child in self.find_children_depth_first(child_class, max_depth=1):
        return child
    return self.add_child(child_class)


structures.Element.get_or_add_child = _get_or_add_child
# Enumeration defaults were set by a Python 2 metaclass: QTI 1.2's default is Single.
qti1_core.RCardinality.DEFAULT = qti1_core.RCardinality.Single


@dataclass
class Interaction:
    response: str  # the response variable
    kind: str  # ChoiceInteraction, TextEntryInteraction, ExtendedTextInteraction
    choices: dict[str, str]  # identifier -> text, for choice interactions
    cardinality: object


@dataclass
class ReadItem:
    identifier: str
    title: str
    item: object  # pyslet's QTI v2 AssessmentItem
    interactions: list[Interaction]
    text: str  # the whole item body as text

    def score(self, responses: dict[str, object]) -> float:
        """SCORE after one attempt with ``responses`` (response id -> value)."""
        state = ItemSessionState(self.item)
        state.begin_session()
        state.map["numAttempts"].set_value(1)
        for declaration in self.item.ResponseDeclaration:
            value = Value.new_value(declaration.cardinality, declaration.baseType)
            if declaration.identifier in responses:
                value.set_value(responses[declaration.identifier])
            state.map[declaration.identifier] = value
        state.end_attempt()
        return state["SCORE"].value or 0.0


def text_of(element) -> str:
    if isinstance(element, str):
        return element
    return "".join(text_of(child) for child in element.get_children())


def _interactions(item) -> list[Interaction]:
    found = []
    cardinality = {d.identifier: d.cardinality for d in item.ResponseDeclaration}
    for element in item.ItemBody.find_children_depth_first(interactions.Interaction):
        choices = {choice.identifier: " ".join(text_of(choice).split())
                   for choice in element.find_children_depth_first(interactions.SimpleChoice)}
        found.append(Interaction(element.responseIdentifier, type(element).__name__, choices,
                                 cardinality.get(element.responseIdentifier)))
    return found


def read_package(path: Path) -> tuple[list[str], list[ReadItem]]:
    """The manifest's resource types and every item of every QTI 1.2 resource."""
    logging.disable(logging.WARNING)  # pyslet logs every HTML fragment it reads
    try:
        package = imscp.ContentPackage(str(path))
        try:
            types, items = [], []
            for resource in package.manifest.root.Resources.Resource:
                types.append(resource.type)
                if resource.type != "imsqti_xmlv1p2":
                    continue
                document = QTIDocument(base_uri=str(package.dPath.join(
                    resource.get_entry_point().package_path(package))))
                document.read()
                for v2, _, _ in document.root.migrate_to_v2():
                    item = v2.root
                    items.append(ReadItem(item.identifier, item.title, item, _interactions(item),
                                          " ".join(text_of(item.ItemBody).split())))
            return types, items
        finally:
            package.close()
    finally:
        logging.disable(logging.NOTSET)
