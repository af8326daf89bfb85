"""A headless LibreOffice for the uno_*.py scripts (run by the system python3, which has
LibreOffice's uno module; the venv has not): started on a private pipe with its own profile,
its Desktop handed to the script, quit and waited for afterwards."""
from __future__ import annotations

import os
import subprocess
import time
from contextlib import contextmanager
from typing import Any, Iterator

import uno
from com.sun.star.beans import PropertyValue


def prop(name: str, value: Any) -> Any:
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


@contextmanager
def office(profile: str, purpose: str) -> Iterator[tuple[Any, Any]]:
    """(component context, Desktop) of a LibreOffice using ``profile``; quits on leaving."""
    pipe = f"docpipe_{purpose}_{os.getpid()}"
    process = subprocess.Popen(
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
        yield context, desktop
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as it quits
            pass
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
