"""The one theme of every diagram: colours (Okabe-Ito, safe for colour-blind readers), line styles and fonts.

Every state differs in two ways besides colour (line style or weight, and a word in the
cell), so a picture printed in grey loses nothing.
"""
from __future__ import annotations

FONT = "Helvetica"          # graphviz-pure draws it with its bundled Arimo
MONO = "Courier"            # ... and this with Cousine
FONT_SIZE = 11
SMALL = 9

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
# colour-vision deficiency; the fills are light tints of them so black text stays legible.
BLUE = "#0072B2"
SKY = "#56B4E9"
GREEN = "#009E73"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#767676"            # 4.5:1 on white
INK = "#000000"

# state -> (fill, border colour, border width, text colour, css-like style word for HTML cells)
CELL = {
    "seen":     ("#D6EAF8", BLUE, 3, INK, "solid"),
    "merged":   ("#EEF6FB", SKY, 1, INK, "solid"),
    "hidden":   ("#FFFFFF", GREY, 1, GREY, "dashed"),
    "whiteout": ("#D9D9D9", INK, 2, INK, "solid"),
    "count":    ("#F2F2F2", GREY, 1, INK, "solid"),
    "empty":    ("#FFFFFF", "#FFFFFF", 0, INK, "solid"),
}
ROW_FILL = {"mount": "#FCEBD0", "upper": "#D5F0E6", "layer": "#F2F2F2", "folded": "#FAFAFA",
            "header": "#FFFFFF"}
STORY = VERMILLION           # what this step did: thick vermillion lines and arrows
STORY_WIDTH = 3
LINK = BLUE                  # the seen version -> the container's view
EDGE_FONT_SIZE = 10

# the graph attributes every diagram shares (stack, overview, volume): one place, so they look alike
PAD = "0.2"
NODE = {"shape": "plaintext", "fontname": FONT, "fontsize": str(FONT_SIZE), "margin": "0"}
EDGE = {"fontname": FONT, "fontsize": str(EDGE_FONT_SIZE), "arrowsize": "0.7"}
TITLE = {"fontname": FONT, "fontsize": str(FONT_SIZE + 3), "labelloc": "t", "labeljust": "l"}
