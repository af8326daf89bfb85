"""Run by the system python3 (which has LibreOffice's uno module; the venv has not):
open DOCX files in a headless LibreOffice, accept or reject all tracked changes through the
dispatcher, save the text. Usage: uno_redline.py PROFILE_DIR JOBS_JSON; a job is
{"input": path, "command": "AcceptAllTrackedChanges" | "RejectAllTrackedChanges" | null,
"output": path}. Prints one JSON line: per job, the tracked changes LibreOffice saw, counted by
type (Insert, Delete, Format, TableRowInsert, …)."""
from __future__ import annotations

import json
import sys

import uno
from uno_office import office, prop


def main() -> None:
    profile, jobs = sys.argv[1], json.loads(sys.argv[2])
    with office(profile, "redline") as (context, desktop):
        dispatcher = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context)
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


if __name__ == "__main__":
    main()
