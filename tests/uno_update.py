"""Run by the system python3 (which has LibreOffice's uno module; the venv has not): open a
DOCX in a headless LibreOffice, update its indexes (a TOC field is imported as one) and its
fields, as a reader's "Update all" does, and export it as PDF. Usage: uno_update.py PROFILE_DIR
INPUT OUTPUT. Prints one JSON line: the indexes LibreOffice found ({"name", "service"})."""
from __future__ import annotations

import json
import sys

import uno
from uno_office import office, prop


def main() -> None:
    profile, source, output = sys.argv[1:4]
    with office(profile, "update") as (_, desktop):
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                                (prop("Hidden", True),))
        indexes = document.getDocumentIndexes()
        found = []
        for number in range(indexes.getCount()):
            index = indexes.getByIndex(number)
            found.append({"name": index.getName(), "service": index.getServiceName()})
            index.update()
        document.getTextFields().refresh()
        document.storeToURL(uno.systemPathToFileUrl(output),
                            (prop("FilterName", "writer_pdf_Export"),))
        document.close(True)
        print(json.dumps(found))


if __name__ == "__main__":
    main()
