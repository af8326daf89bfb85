"""The CSS of a 公文's parts (print only), from the theme and the standard's measurements."""
from __future__ import annotations

from docpipe.model.theme import Theme
from docpipe.write.css import stack
from docpipe.write.gongwen import geometry as geo
from docpipe.write.gongwen import html as gongwen_html


def stylesheet(theme: Theme, families: dict[str, str], fmt: str = "file") -> str:
    page = geo.Page.of(theme)
    P, size, MM = page.pitch, page.size, geo.MM
    title = float(theme.title.size)
    fam = lambda role: stack(theme, role, families)  # noqa: E731
    # the red line 4 mm under the 发文字号's em box (7.2.7): the em box ends EM_DESCENT under
    # the baseline, the baseline sits (P + 0.76 size) / 2 into a line of pitch P
    number_em_bottom = (P + size) / 2
    rule_gap = 4 * MM - (P - number_em_bottom)
    imprint = page.imprint_size
    extra = gongwen_html.letter_lines_css(page) if fmt == "letter" else ""
    return extra + f"""
body.gongwen p {{ text-indent: 0; }}
body.gongwen .gw-text p {{ text-indent: {theme.indent_chars}em; }}
body.gongwen .gw-text li p, body.gongwen .gw-text td p {{ text-indent: 0; }}
.gw-head p, .gw-main > p, .gw-sign p, .gw-attachments p, .gw-imprint p {{
  line-height: {P}pt; margin: 0; text-align: left; letter-spacing: 0; }}
.gw-mark-line {{ font-family: {fam('heading')}; }}
.gw-copy {{ font-family: {fam('body')}; }}
table.gw-issuer {{ margin-left: auto; margin-right: auto; margin-bottom: 0; border-collapse: collapse;
  color: {page.red}; font-family: {fam('title')}; font-weight: {theme.font('title').weight};
  line-height: 1; }}
table.gw-issuer td {{ border: none; padding: 0; vertical-align: middle; text-align: left;
  background: none; font-family: {fam('title')}; }}
.gw-issuer-names div, td.gw-issuer-word {{ white-space: nowrap; }}
p.gw-number {{ text-align: center; margin-top: {2 * P}pt; }}
table.gw-number-row {{ width: 100%; margin: {2 * P}pt 0 0 0; border-collapse: collapse;
  font-size: {size}pt; }}
table.gw-number-row td {{ border: none; padding: 0; background: none; line-height: {P}pt;
  vertical-align: bottom; font-family: {fam('body')}; }}
td.gw-number.gw-up {{ padding-left: 1em; text-align: left; white-space: nowrap; }}
table.gw-number-row td.gw-signers {{ text-align: right; padding-right: 1em; }}
table.gw-number-row td.gw-number.gw-up {{ padding-left: 1em; }}
/* spans in another face must not make their line taller than the grid's pitch */
body.gongwen span.gw-label, body.gongwen span.gw-run-in, body.gongwen span.gw-signer,
body.gongwen span.gw-signer-label {{ line-height: 1; }}
.gw-signer-block {{ display: inline-block; text-align: left; }}
.gw-signer {{ font-family: {fam('emphasis')}; margin-right: 1em; }}
.gw-signer:last-child {{ margin-right: 0; }}
.gw-hidden {{ visibility: hidden; }}
div.gw-red-rule {{ border-top: {page.red_rule:.3f}pt solid {page.red}; margin: {rule_gap:.3f}pt 0 0 0;
  height: 0; }}
p.gw-title {{ font-family: {fam('title')}; font-weight: {theme.font('title').weight};
  font-size: {title}pt; text-align: center; line-height: {P}pt; margin-top: {2 * P}pt; }}
.gw-order p.gw-title {{ margin-top: {P}pt; }}
p.gw-recipients {{ margin-top: {P}pt; }}
.gw-text {{ margin: 0; }}
.gw-run-in.gw-level2 {{ font-family: {fam('emphasis')}; }}
.gw-attachments {{ margin-top: {P}pt; }}
p.gw-attachment-item {{ text-align: justify; }}
.gw-attachment-number {{ display: inline-block; text-indent: 0; }}
.gw-sign {{ position: relative; break-inside: avoid; break-before: avoid; }}
.gw-sign + .gw-note, .gw-sign + .gw-attendance {{ break-before: avoid; }}
/* 7.3.5.5: the 署名 page shows text too: the last paragraph and the 附件说明 go with it */
.gw-text > :last-child, .gw-attachments, .gw-attachments p {{ break-after: avoid; }}
.gw-sign p {{ text-align: right; white-space: nowrap; }}
.gw-unsealed {{ margin-top: {P}pt; }}
.gw-order-sign {{ margin-top: {2 * P}pt; }}
.gw-order-sign .gw-date {{ margin-top: {P}pt; }}
img.gw-seal {{ position: absolute; width: {page.seal:.2f}pt; height: {page.seal:.2f}pt;
  z-index: 1; opacity: 0.9; }}
img.gw-signature-seal {{ height: {2 * P:.2f}pt; vertical-align: middle; margin-left: 2em; }}
body.gongwen p.gw-note {{ text-indent: 2em; text-align: left; }}
body.gongwen p.gw-attendance {{ padding-left: 5em; text-indent: -3em; }}
.gw-attendance .gw-label {{ font-family: {fam('heading')}; }}
body.gongwen p.gw-attendance.gw-first {{ margin-top: {P}pt; }}
.gw-attachment {{ break-before: page; }}
p.gw-attachment-label {{ font-family: {fam('heading')}; }}
p.gw-attachment-title {{ font-family: {fam('title')}; font-weight: {theme.font('title').weight};
  font-size: {title}pt; text-align: center; margin-top: {P}pt; margin-bottom: {P}pt; }}
.gw-imprint {{ break-inside: avoid; font-size: {imprint}pt; margin-top: {P}pt; }}
.gw-imprint p {{ padding: 0 1em; line-height: {P}pt; }}
/* the rules of the 版记 as set (n-) and with the 主送 moved into it (m-, body.gw-moved) */
body:not(.gw-moved) .gw-imprint p.gw-to, body:not(.gw-moved) .gw-imprint.gw-spare {{
  display: none; }}
body:not(.gw-moved) .n-top-thick, body.gw-moved .m-top-thick {{
  border-top: {page.thick:.3f}pt solid #000; }}
body:not(.gw-moved) .n-top-thin, body.gw-moved .m-top-thin {{
  border-top: {page.thin:.3f}pt solid #000; }}
body:not(.gw-moved) .n-bottom, body.gw-moved .m-bottom {{
  border-bottom: {page.thick:.3f}pt solid #000; }}
body.gw-moved p.gw-recipients {{ display: none; }}
body.gw-moved p.gw-title + p.gw-recipients + .gw-text {{ margin-top: {P}pt; }}
body.gongwen p.gw-to {{ padding-left: 4em; text-indent: -3em; text-align: justify; }}
body.gongwen p.gw-cc {{ padding-left: 4em; text-indent: -3em; text-align: justify; }}
p.gw-printed {{ text-align: justify; text-align-last: justify; }}
p.gw-printed .gw-print-date {{ float: right; }}
.gw-imprint.gw-after-blank {{ page: gw-unnumbered; }}
.gw-letter-imprint p {{ border: none !important; }}
.gw-imprint.gw-new-page {{ break-before: left; }}
@page :blank {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }}
  @bottom-center {{ content: none; }} }}
@page gw-unnumbered {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }}
  @bottom-center {{ content: none; }} }}
"""
