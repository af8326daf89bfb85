"""Run by the system python3 (which has LibreOffice's uno module; the venv has not):
open DOCX files in a headless LibreOffice, accept or reject all tracked changes through the
dispatcher, save the text. Usage: uno_redline.py PROFILE_DIR JOBS_JSON; a job is
{"input": path, "command": "AcceptAllTrackedChanges" | "RejectAllTrackedChanges" | null,
"output": path}. Prints one JSON line: per job, the tracked changes LibreOffice saw, counted by
type (Insert, Delete, Format, TableRowInsert, …)."""
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
    profile, jobs = sys.argv[1], json.loads(sys.argv[2])
    pipe = f"docpipe_redline_{os.getpid()}"
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
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper",
                                                       context)
        seen = []
        for job in jobs:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["input"]),
                                                    "_blank", 0, (prop("Hidden", True),))
            enumeration = document.getRedlines().createEnumeration()
            kinds: dict[str, int] = {}
            while enumeration.hasMoreElements():
                kind = enumeration.nextElement().getPropertyValue("RedlineType")
                kinds[kind] = kinds.get(kind, 0) + 1
            seen.append(kinds)
            if job["command"]:
                frame = document.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, f".uno:{job['command']}", "", 0, ())
            document.storeToURL(uno.systemPathToFileUrl(job["output"]),
                                (prop("FilterName", "Text (encoded)"),
                                 prop("FilterOptions", "UTF8,LF")))
            document.close(True)
        print(json.dumps(seen))
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
