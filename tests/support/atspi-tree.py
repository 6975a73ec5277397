"""What Chromium tells screen readers, read over AT-SPI (python3-gi + gir1.2-atspi-2.0).

A long-lived helper for tests/support/atspi.ts: one JSON request per line on stdin
({"title": "<document title>"}), one JSON answer per line on stdout. The answer lists every
form control of the web document with that title, in tree order: role, name, description,
states, and the language and direction Chromium reports for its text. The same fields Orca
reads; nothing here interprets them, the assertions stay in the TypeScript test.

Runs with Debian's /usr/bin/python3 (the gi bindings are a Debian package, not on pip).
"""

import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

CONTROLS = {
    Atspi.Role.RADIO_BUTTON,
    Atspi.Role.CHECK_BOX,
    Atspi.Role.ENTRY,
    Atspi.Role.COMBO_BOX,
    Atspi.Role.PUSH_BUTTON,
    Atspi.Role.TOGGLE_BUTTON,
}
STATES = {
    "required": Atspi.StateType.REQUIRED,
    "invalid": Atspi.StateType.INVALID_ENTRY,
    "checked": Atspi.StateType.CHECKED,
    "focused": Atspi.StateType.FOCUSED,
    "multiline": Atspi.StateType.MULTI_LINE,
}


def children(node):
    for index in range(node.get_child_count()):
        child = node.get_child_at_index(index)
        if child is not None:
            yield child


def documents(node, depth=0):
    """Web documents under node; their subtrees are not searched for more."""
    if depth > 40:
        return
    if node.get_role() == Atspi.Role.DOCUMENT_WEB:
        yield node
        return
    for child in children(node):
        yield from documents(child, depth + 1)


def find_document(title):
    desktop = Atspi.get_desktop(0)
    for app in children(desktop):
        for document in documents(app):
            if document.get_name() == title:
                return document
    return None


def text_attributes(node):
    try:
        return Atspi.Text.get_default_attributes(node) or {}
    except Exception:  # not every control implements Text
        return {}


def describe(node, role_name=None):
    state_set = node.get_state_set()
    attributes = node.get_attributes() or {}
    text = text_attributes(node)
    return {
        "role": role_name or node.get_role_name(),
        "id": attributes.get("id", ""),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "states": sorted(name for name, state in STATES.items() if state_set.contains(state)),
        "language": text.get("language", ""),
        "direction": text.get("direction", ""),
    }


def controls(document):
    found = []

    def walk(node, depth):
        if depth > 80:
            return
        role = node.get_role()
        if role in CONTROLS:
            found.append(describe(node))
            if role == Atspi.Role.COMBO_BOX:
                return  # its options are not controls of their own
        for child in children(node):
            walk(child, depth + 1)

    walk(document, 0)
    return found


def focused(document):
    """The focused element in the document (the summary after an error, for instance)."""

    def walk(node, depth):
        if depth > 80:
            return None
        if node.get_state_set().contains(Atspi.StateType.FOCUSED):
            return node
        for child in children(node):
            hit = walk(child, depth + 1)
            if hit is not None:
                return hit
        return None

    node = walk(document, 0)
    return describe(node) if node is not None else None


def answer(request):
    started = time.monotonic()
    deadline = started + float(request.get("timeout", 10))
    document = None
    while document is None and time.monotonic() < deadline:
        document = find_document(request["title"])
        if document is None:
            time.sleep(0.1)
    if document is None:
        return {"error": "no document titled " + request["title"]}
    return {
        "controls": controls(document),
        "focused": focused(document),
        "language": text_attributes(document).get("language", ""),
        "seconds": round(time.monotonic() - started, 3),
    }


def main():
    Atspi.init()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = answer(json.loads(line))
        except Exception as error:  # report, keep serving
            reply = {"error": repr(error)}
        print(json.dumps(reply, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
