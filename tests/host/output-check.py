#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What the tools write, checked for what hostile input could smuggle in
(tests/host/hostile-test.sh):

  text:FILE  printable text: UTF-8, no control character but newline and
             tab, no C1 control, no bidirectional override
  sgr:FILE   the same once memdemo-map's own colours (ESC [ digits m) are
             taken out: no other escape
  svg:FILE   an XML document whose elements are only those the tools
             write, with no event handler (on...) and no link
  html:FILE  memdemo-report's page: its Content-Security-Policy first in
             <head>, only the elements it writes, one script, no event
             handler, links only within the page, images only data: SVGs,
             each of which passes svg:

Prints one line per problem; exits 1 when there is one.
"""
import base64
import html.parser
import re
import sys
import xml.etree.ElementTree as ET

BAD_CHAR = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')
SGR = re.compile(rb'\x1b\[[0-9;]*m')
SVG_ELEMENTS = {'svg', 'title', 'style', 'defs', 'pattern', 'rect', 'line', 'text',
                'path', 'circle', 'g'}
HTML_ELEMENTS = {'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2',
                 'h3', 'p', 'nav', 'a', 'section', 'figure', 'img', 'table', 'thead',
                 'tbody', 'tr', 'th', 'td', 'div', 'code', 'footer', 'script'}


def check_text(name, data):
    try:
        s = data.decode('utf-8')
    except UnicodeDecodeError as e:
        return ['%s: not UTF-8 at byte %d' % (name, e.start)]
    m = BAD_CHAR.search(s)
    return ['%s: %r at character %d' % (name, m.group(), m.start())] if m else []


def check_svg(name, data):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return ['%s: not well-formed XML: %s' % (name, e)]
    bad = []
    for el in root.iter():
        tag = el.tag.split('}')[-1]
        if tag not in SVG_ELEMENTS:
            bad.append('%s: element <%s>' % (name, tag))
        for a in el.attrib:
            a = a.split('}')[-1]
            if a.lower().startswith('on') or a == 'href':
                bad.append('%s: attribute %s= on <%s>' % (name, a, tag))
    return bad + check_text(name, data)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.bad = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag not in HTML_ELEMENTS:
            self.bad.append('element <%s>' % tag)
        for k, _ in attrs:
            if k.startswith('on'):
                self.bad.append('attribute %s= on <%s>' % (k, tag))
        if tag == 'a' and not (a.get('href') or '').startswith('#'):
            self.bad.append('a link out of the page: %r' % a.get('href'))
        if tag == 'img':
            src = a.get('src') or ''
            if not src.startswith('data:image/svg+xml;base64,'):
                self.bad.append('an image not a data: SVG: %r' % src[:80])
            else:
                self.images.append(base64.b64decode(src.split(',', 1)[1]))
        if tag in ('script', 'link', 'iframe', 'object', 'embed', 'base', 'form') and a.get('src'):
            self.bad.append('<%s src=%r>' % (tag, a.get('src')))


def check_html(name, data):
    p = Page()
    p.feed(data.decode('utf-8', 'replace'))
    bad = ['%s: %s' % (name, b) for b in p.bad]
    if p.tags.count('script') != 1:
        bad.append('%s: %d <script> elements, not 1' % (name, p.tags.count('script')))
    csp = re.search(rb'<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
                    rb'content="default-src \'none\'; img-src data:; ', data)
    if not csp:
        bad.append('%s: no Content-Security-Policy first in <head>' % name)
    for i, img in enumerate(p.images):
        bad += check_svg('%s: image %d' % (name, i + 1), img)
    return bad + check_text(name, data)


def main():
    bad = []
    for arg in sys.argv[1:]:
        kind, name = arg.split(':', 1)
        with open(name, 'rb') as f:
            data = f.read()
        if kind == 'text':
            bad += check_text(name, data)
        elif kind == 'sgr':
            bad += check_text(name, SGR.sub(b'', data))
        elif kind == 'svg':
            bad += check_svg(name, data)
        elif kind == 'html':
            bad += check_html(name, data)
        else:
            bad.append('%s: unknown kind %s' % (name, kind))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
