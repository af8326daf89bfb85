"""Run by the system python3 (which has LibreOffice's uno module; the venv has not): open a
DOCX in a headless LibreOffice, update its indexes (a TOC field is imported as one) and its
fields, as a reader's "Update all" does, and export it as PDF. Usage: uno_update.py PROFILE_DIR
INPUT OUTPUT. Prints one JSON line: the indexes LibreOffice found ({"name", "service"})."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def main() -> None:
    profile, source, output = sys.argv[1:4]
    pipe = f"docpipe_update_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(240):
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.25)
        if context is None:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                                   context)
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
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as it quits
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
