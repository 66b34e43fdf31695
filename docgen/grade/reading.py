"""Placing a scanned page: its QR code says which page it is, its corner marks where it lies.

The QR code is read first, anywhere on the image and at any rotation; its
four corners give a first perspective transform, which says where the
corner marks should be. Each mark found near there adds a point, and the
final transform is fitted (least squares) to the marks and the QR
corners together, so a page photographed at an angle, upside down, or with
one mark hidden by a staple is still placed. The page is then
straightened to PX_PER_MM pixels a millimetre, where every box is where
the map says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np

from docgen.grade.inputs import Scan
from docgen.scan import PageCode

PX_PER_MM = 8.0  # the straightened page: 203 dpi
MARK_MM = 5.0  # the side of a corner mark (worksheet.css)
SEARCH_MM = 25.0  # how far from where the QR code puts it a mark is looked for
MIN_MARKS = 3  # with the QR corners, three marks fit a perspective transform
MAX_ERROR_MM = 1.2  # a mark farther than this from the fitted page: the page is not flat enough to read
BLANK_INK = 0.0005  # less dark ink than this is a blank back (four corner marks alone are 0.0016)


@dataclass(frozen=True)
class Geometry:
    """Where a page's marks and QR symbol are printed (mm from its top left), and its size."""

    marks: tuple[tuple[float, float], ...]
    qr: tuple[float, float, float, float]
    size: tuple[float, float]


@dataclass
class Placed:
    scan: Scan
    code: PageCode
    page: np.ndarray  # straightened, PX_PER_MM pixels a mm
    marks_found: int
    error_mm: float


@dataclass
class Unplaced:
    scan: Scan
    reason: str
    blank: bool = False


def place(scan: Scan, geometry_of: Callable[[PageCode], Geometry | str]) -> Placed | Unplaced:
    """The page straightened and named, or why it could not be (said, never guessed)."""
    found = decode_qr(scan.image)
    if found is None:
        if ink_share(scan.image) < BLANK_INK:
            return Unplaced(scan, "blank page", blank=True)
        return Unplaced(scan, "no docgen QR code could be read on this page")
    code, corners = found
    geometry = geometry_of(code)
    if isinstance(geometry, str):
        return Unplaced(scan, geometry)
    qx, qy, qw, qh = geometry.qr
    qr_page = np.float32([(qx, qy), (qx + qw, qy), (qx + qw, qy + qh), (qx, qy + qh)])
    # Only an affine guess from a code this small: its perspective would not extrapolate to the corners.
    first = np.vstack([cv2.getAffineTransform(qr_page[:3] * PX_PER_MM, corners[:3]), [0, 0, 1]])
    pixels_per_mm = float(np.linalg.norm(corners[1] - corners[0]) / qw)
    page_points, image_points = list(qr_page), list(corners)
    marks = []
    for mark in geometry.marks:
        predicted = cv2.perspectiveTransform(np.float32([[mark]]) * PX_PER_MM, first)[0, 0]
        centre = _find_mark(scan.image, predicted, pixels_per_mm)
        if centre is not None:
            marks.append((mark, centre))
            page_points.append(mark)
            image_points.append(centre)
    if len(marks) < MIN_MARKS:
        return Unplaced(scan, f"only {len(marks)} of the 4 corner marks were found (at least {MIN_MARKS} "
                              "are needed): scan the whole page, flat")
    transform, _ = cv2.findHomography(np.float32(page_points) * PX_PER_MM, np.float32(image_points), 0)
    if transform is None:
        return Unplaced(scan, "the corner marks do not fit a page")
    error = max(float(np.linalg.norm(cv2.perspectiveTransform(np.float32([[mark]]) * PX_PER_MM, transform)[0, 0]
                                     - centre)) for mark, centre in marks) / pixels_per_mm
    if error > MAX_ERROR_MM:
        return Unplaced(scan, f"the page is not flat enough to read (a corner mark is {error:.1f} mm off)")
    size = (int(round(geometry.size[0] * PX_PER_MM)), int(round(geometry.size[1] * PX_PER_MM)))
    page = cv2.warpPerspective(scan.image, transform, size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_AREA,
                               borderValue=255)
    return Placed(scan, code, page, len(marks), error)


def decode_qr(image: np.ndarray) -> tuple[PageCode, np.ndarray] | None:
    """The first docgen code found, with its symbol's corners (its own top left first) in image pixels.

    zxing-cpp reads degraded codes best and fast, the whole page first, then blurred; then
    each corner of the page (zxing-cpp, then OpenCV's detector), then the page in black and white.
    """
    for reader, candidate, offset in _attempts(image):
        found = reader(candidate)
        if found is not None:
            return found[0], found[1] + np.float32(offset)
    return None


def _attempts(image: np.ndarray):
    """(reader, image, offset of that image in the page), cheapest first, each made only when needed."""
    yield _zxing, image, (0, 0)
    # Blurred: it joins a dithered (black-and-white) scan's dots back into modules.
    yield _zxing, cv2.GaussianBlur(image, (0, 0), 1.5), (0, 0)
    height, width = image.shape
    side = int(0.3 * max(height, width))
    corners = [(max(0, left), max(0, top)) for top, left in
               ((0, 0), (height - side, width - side), (0, width - side), (height - side, 0))]
    for reader in (_zxing, _opencv):
        for left, top in corners:
            yield reader, image[top:top + side, left:left + side], (left, top)
    _, binary = cv2.threshold(cv2.GaussianBlur(image, (3, 3), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield _zxing, binary, (0, 0)
    yield _opencv, image, (0, 0)


def _zxing(image: np.ndarray):
    try:
        import zxingcpp
    except ImportError:
        return None
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        code = PageCode.parse(result.text)
        if code is not None:
            at = result.position
            corners = [at.top_left, at.top_right, at.bottom_right, at.bottom_left]
            return code, np.float32([(point.x, point.y) for point in corners])
    return None


def _opencv(image: np.ndarray):
    try:
        text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    except cv2.error:
        return None
    code = PageCode.parse(text) if text else None
    if code is None or points is None:
        return None
    return code, np.float32(points).reshape(4, 2)


def _find_mark(image: np.ndarray, predicted: np.ndarray, pixels_per_mm: float) -> np.ndarray | None:
    """The centre of the solid square nearest to where a corner mark should be, if there is one."""
    radius = int(SEARCH_MM * pixels_per_mm)
    x, y = int(predicted[0]), int(predicted[1])
    left, top = max(0, x - radius), max(0, y - radius)
    window = image[top:y + radius, left:x + radius]
    if window.size == 0:
        return None
    paper = float(np.percentile(window, 90))
    dark = (window < paper * 0.55).astype(np.uint8)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    side = MARK_MM * pixels_per_mm
    best, best_distance = None, float("inf")
    for label in range(1, count):
        _, _, width, height, area = stats[label]
        if not (0.6 * side * side <= area <= 1.6 * side * side):
            continue
        if not (0.7 <= width / height <= 1.4) or area < 0.7 * width * height:
            continue
        centre = centroids[label] + (left, top)
        distance = float(np.linalg.norm(centre - predicted))
        if distance < best_distance:
            best, best_distance = np.float32(centre), distance
    return best


def ink_share(image: np.ndarray) -> float:
    """The share of clearly dark pixels: near 0 on a blank page."""
    small = cv2.resize(image, (image.shape[1] // 4 or 1, image.shape[0] // 4 or 1), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    return float(np.mean(small < paper * 0.5))
