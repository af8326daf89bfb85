"""Inter-character justification of Chinese lines after WeasyPrint's layout (docs/justification.md).

``planner`` decides where each line's slack goes from plain data; ``adapter`` reads the facts
from WeasyPrint's boxes and carries the plans out. ``apply`` guards both: a WeasyPrint they were
not written for is left alone, and anything unexpected raises ``AdapterFailed`` so that the
writer lays the document out again and writes WeasyPrint's own lines, with one warning.
"""
from __future__ import annotations

from typing import Any

from docpipe.write.pdf import boot
from docpipe.write.pdf.justify.adapter import AdapterFailed
from docpipe.write.pdf.justify.planner import MAX_GAP_EM, Report, is_cjk_text, is_opportunity

__all__ = ["AdapterFailed", "MAX_GAP_EM", "Report", "apply", "is_cjk_text", "is_opportunity"]

#: WeasyPrint major versions the adapter was written for and checked with: those of every
#: adaptation of docpipe.write.pdf (one range, one warning when WeasyPrint is another).
WRITTEN_FOR = boot.WRITTEN_FOR
#: From this version on, ``draw_first_line`` sizes raster (PNG) emoji fonts by the box's font
#: size, not by the Pango font's (WeasyPrint #2800).
RASTER_RULE_SINCE = 70


def apply(document: Any) -> Report:
    """Justify the Chinese lines of a rendered WeasyPrint ``Document`` in place. Raises
    ``AdapterFailed`` for anything unexpected (render again and write that unjustified)."""
    import weasyprint

    from docpipe.write.pdf.justify import adapter

    major = weasyprint.__version__.partition(".")[0]
    if not major.isdigit() or int(major) not in WRITTEN_FOR:
        return Report(skipped=f"Chinese lines left unjustified (and contents' leaders drawn "
                      "one box a dot): docpipe's layout adaptations were written for "
                      f"WeasyPrint {WRITTEN_FOR[0]}–{WRITTEN_FOR[-1]}, not "
                      f"{weasyprint.__version__}")
    if getattr(document, "_docpipe_cjk_justified", False):
        return Report()
    try:
        return adapter.justify_document(document, raster_rule=int(major) >= RASTER_RULE_SINCE)
    except Exception as exc:  # noqa: BLE001 - a future WeasyPrint: WeasyPrint's own lines
        raise adapter.failure(exc) from exc
