"""The geometry of the causes report's inline SVG charts: shapes as dicts
of SVG attributes, which the QWeb template draws (wkhtmltopdf renders
inline SVG; no chart library)."""

import math

WIDTH = 880
LABEL_WIDTH = 200
COLORS = {
    "bar": "#8fb0d6",
    "vital": "#2f5d8a",
    "line": "#d9822b",
    "mark": "#c0392b",
    "axis": "#9aa1ab",
    "text": "#333333",
    "left": "#4c7ab0",
    "still": "#e0a43a",
    "dropped": "#c0392b",
    "received": "#4c7ab0",
    "resolved": "#3c9d5d",
    "met": "#3c9d5d",
    "failed": "#c0392b",
    "running": "#b0b7c3",
    "not_recorded": "#e8e2d5",
    "connector": "#e3e8ef",
}


def nice_max(value, ticks=4):
    """The axis' top for counts: ``ticks`` round whole steps above ``value``."""
    step = max(value / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(step))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step <= factor * magnitude and (factor * magnitude) % 1 == 0:
            return ticks * int(factor * magnitude)
    return ticks * 10 * magnitude


def shorten(text, size=22):
    text = text or ""
    return text if len(text) <= size else text[: size - 1] + "…"


class Chart:
    """The shapes of one SVG chart, as dicts of SVG attributes."""

    def __init__(self, height, css_class):
        self.height = height
        self.css_class = css_class
        self.shapes = {"rect": [], "line": [], "polyline": [], "circle": []}
        self.polygons = []
        self.texts = []

    def rect(self, x, y, w, h, fill, css_class=None, **data):
        self.shapes["rect"].append(
            dict(
                x=round(x, 1),
                y=round(y, 1),
                width=round(max(w, 0), 1),
                height=round(max(h, 0), 1),
                fill=fill,
                **{"class": css_class} if css_class else {},
                **{f"data-{key}": value for key, value in data.items()},
            )
        )

    def line(self, x1, y1, x2, y2, stroke=COLORS["axis"], dash=None, css_class=None):
        attrs = dict(
            x1=round(x1, 1),
            y1=round(y1, 1),
            x2=round(x2, 1),
            y2=round(y2, 1),
            stroke=stroke,
        )
        attrs["stroke-width"] = 1 if not dash else 1.5
        if dash:
            attrs["stroke-dasharray"] = dash
        if css_class:
            attrs["class"] = css_class
        self.shapes["line"].append(attrs)

    def text(self, x, y, text, anchor="start", size=12, **attrs):
        attrs.setdefault("fill", COLORS["text"])
        attrs.update(x=round(x, 1), y=round(y, 1))
        attrs["font-size"] = size
        attrs["text-anchor"] = anchor
        self.texts.append({"attrs": attrs, "text": text})

    def stacked_bar(self, x, y, height, segments, fmt):
        """Segments side by side from ``x``, each ``(width, count, fill,
        css_class, data)``; one wide enough shows its count (``fmt``)."""
        for width, count, fill, css_class, data in segments:
            if not width:
                continue
            self.rect(x, y, width, height, fill, css_class, count=count, **data)
            if width > 24:
                self.text(
                    x + width / 2,
                    y + height / 2 + 4,
                    fmt(count),
                    "middle",
                    fill="#ffffff",
                )
            x += width

    def legend(self, y, items):
        x = LABEL_WIDTH
        for label, color in items:
            self.rect(x, y - 10, 11, 11, color)
            self.text(x + 16, y, label, size=11)
            x += 34 + 6 * len(label)

    def as_dict(self):
        # QWeb's t-att leaves out falsy values: a 0 must be written "0".
        for shapes in (*self.shapes.values(), self.polygons):
            for shape in shapes:
                shape.update({key: str(value) for key, value in shape.items()})
        for label in self.texts:
            label["attrs"] = {key: str(value) for key, value in label["attrs"].items()}
        return {
            "width": WIDTH,
            "height": self.height,
            "class": self.css_class,
            "polygons": self.polygons,
            "texts": self.texts,
            **self.shapes,
        }
