"""OCR engines: a page image in, characters with their boxes and confidences out.

Two offline engines whose models come in packages, so nothing is downloaded at run time:

* `rapidocr` (default): RapidOCR with PaddleOCR's PP-OCRv6 small detection and recognition models,
  which ship inside the `rapidocr` wheel, run by onnxruntime.  It gives a box per character.
* `tesseract`: Tesseract 5 through tesserocr (its wheel carries libtesseract), with the Simplified
  Chinese model of Debian's `tesseract-ocr-chi-sim` (or any tessdata folder holding chi_sim).
  It gives word boxes; a word's characters share its box in proportion to their widths (a CJK
  glyph one em, a Latin glyph or digit about half).

`MRPLANS_OCR_ENGINE` picks one (`rapidocr` or `tesseract`).  Every character is given with the box of
its text line's top and bottom, so the reader groups a line's characters into one line whatever their
ink height.  Tesseract prints ASCII brackets and commas in Chinese text, so next to a CJK character
they are made full-width, as a PDF's text layer prints them (`fullwidth_punctuation`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np
from PIL import Image

from parsers.words.text import is_wide

ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"
INSTALL = "pip install 'mrplans[ocr]' (in a checkout: pip install -e '.[ocr]')"
_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_DETECT_SIDE = 1280  # pixels: RapidOCR finds text lines on a copy of the page at most this long
NARROW = 0.55  # em: the share of a CJK glyph's width a Latin glyph or digit takes in a word box
_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"})


class OcrUnavailable(Exception):
    """The chosen engine, or its model, is not installed: the message says what to install."""


@dataclass(frozen=True, slots=True)
class OcrChar:
    """One recognised character in image pixels: its text, box (its line's top and bottom), the
    engine's confidence (0..1) and which text line of the page it belongs to."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float
    line: int
    size: float | None = None  # font size in points, once typeset (parsers/read/ocr/typeset.py)


class Engine(Protocol):
    name: str

    def read(self, image: Image.Image) -> list[OcrChar]:
        """The characters on a grayscale page image, line by line, each line left to right."""


def engine(name: str | None = None) -> Engine:
    """The engine `name` (else $MRPLANS_OCR_ENGINE, else the default), ready to read; OcrUnavailable
    when it or its model is not installed."""
    chosen = name or os.environ.get("MRPLANS_OCR_ENGINE") or DEFAULT_ENGINE
    if chosen not in ENGINES:
        raise OcrUnavailable(f"unknown OCR engine {chosen!r} (MRPLANS_OCR_ENGINE: {', '.join(ENGINES)})")
    return _engine(chosen)


@cache
def _engine(name: str) -> Engine:
    return RapidOcr() if name == "rapidocr" else Tesseract()


class RapidOcr:
    name = "rapidocr"

    def __init__(self) -> None:
        # The models are the wheel's own (PP-OCRv6 small), never fetched.  Pages are upright, so no
        # angle classifier; text is found on a copy at most _DETECT_SIDE pixels long (a quarter of the
        # time at 200 dpi, the same lines found) and read at full resolution.
        params = {
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Det.limit_type": "max",
            "Det.limit_side_len": _DETECT_SIDE,
        }
        try:
            from rapidocr import RapidOCR

            self._ocr = RapidOCR(params=params)
        except ImportError:  # rapidocr, or onnxruntime which it runs on
            raise OcrUnavailable(f"the OCR engine rapidocr is not installed: {INSTALL}") from None

    def read(self, image: Image.Image) -> list[OcrChar]:
        result = self._ocr(np.asarray(image.convert("RGB")), return_word_box=True)
        chars: list[OcrChar] = []
        if not result.txts:  # nothing found: no word results either
            return []
        for line, words in enumerate(result.word_results):
            boxes = [np.asarray(box) for _, _, box in words]
            if not boxes:
                continue
            top = min(float(box[:, 1].min()) for box in boxes)
            bottom = max(float(box[:, 1].max()) for box in boxes)
            for (text, score, _), box in zip(words, boxes, strict=True):
                x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
                for char, (c0, c1) in zip(text, _split(text, x0, x1), strict=True):
                    chars.append(OcrChar(char, c0, c1, top, bottom, float(score), line))
        return fullwidth_punctuation(chars)


class Tesseract:
    name = "tesseract"

    def __init__(self) -> None:
        try:
            import tesserocr
        except ImportError:
            raise OcrUnavailable(
                f"the OCR engine tesseract (tesserocr) is not installed: {INSTALL}"
            ) from None
        path = _tessdata()
        if path is None:
            raise OcrUnavailable(
                "Tesseract's Chinese model chi_sim is not installed: "
                "apt-get install tesseract-ocr-chi-sim (or set TESSDATA_PREFIX)"
            )
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=path, lang="chi_sim")

    def read(self, image: Image.Image) -> list[OcrChar]:
        tesserocr = self._tesserocr
        api = self._api
        api.SetImage(image)
        api.Recognize()
        chars: list[OcrChar] = []
        line, top, bottom = -1, 0.0, 0.0
        iterator = api.GetIterator()
        words = tesserocr.RIL.WORD
        for word in tesserocr.iterate_level(iterator, words):
            text = (word.GetUTF8Text(words) or "").strip()
            if not text:
                continue
            if word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE) or line < 0:
                line += 1
                _, top, _, bottom = word.BoundingBox(tesserocr.RIL.TEXTLINE)
            x0, _, x1, _ = word.BoundingBox(words)
            confidence = word.Confidence(words) / 100
            for char, (c0, c1) in zip(text, _split(text, x0, x1), strict=True):
                chars.append(OcrChar(char, c0, c1, top, bottom, confidence, line))
        api.Clear()
        return fullwidth_punctuation(chars)


def _tessdata() -> str | None:
    """The first tessdata folder holding chi_sim: $TESSDATA_PREFIX, then Debian's and the usual ones."""
    folders = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA]
    return next((f for f in folders if f and (Path(f) / "chi_sim.traineddata").is_file()), None)


def _split(text: str, x0: float, x1: float) -> list[tuple[float, float]]:
    """A word box shared among its characters in proportion to their widths (CJK one em, others less)."""
    weights = [1.0 if is_wide(char) else NARROW for char in text]
    unit = (x1 - x0) / sum(weights)
    edges = [x0]
    for weight in weights:
        edges.append(edges[-1] + weight * unit)
    return list(pairwise(edges))


def fullwidth_punctuation(chars: list[OcrChar]) -> list[OcrChar]:
    """ASCII brackets, commas, colons and marks next to a CJK character on its line made full-width."""
    out = list(chars)
    for i, char in enumerate(chars):
        if char.text not in "(),:;?!":
            continue
        around = [c for c in (chars[i - 1] if i else None, chars[i + 1] if i + 1 < len(chars) else None) if c]
        if any(c.line == char.line and is_wide(c.text) for c in around):
            out[i] = replace(char, text=char.text.translate(_FULLWIDTH))
    return out
