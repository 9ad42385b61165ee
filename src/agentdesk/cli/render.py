"""``agentdesk render FILE.eml``: show a message exactly as the agent's view does (text, sanitised HTML, or
JSON with headers, MIME parts, attachments and flags), for administrators looking at a problem message."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agentdesk.cli.common import CliError, print_json


def register(sub: Any) -> None:
    parser = sub.add_parser("render", help="show a raw message (.eml) as agentdesk renders it")
    parser.add_argument("file", metavar="FILE.eml", help="the raw RFC 5322 message")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--text", dest="view", action="store_const", const="text",
                      help="the text view: headers, body, attachments, flags (default)")
    view.add_argument("--html", dest="view", action="store_const", const="html",
                      help="the sanitised HTML view (nothing remote is loaded)")
    view.add_argument("--json", dest="view", action="store_const", const="json",
                      help="headers, MIME parts, attachments and flags as JSON")
    parser.set_defaults(handler=_render, view="text")


def _render(args: argparse.Namespace) -> int:
    from agentdesk.mail.render import format_text, render_json, render_message

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{args.file}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{args.file}: is a directory, not a message file") from None
    except OSError as exc:
        raise CliError(f"{args.file}: cannot read it: {exc.strerror or exc}") from None
    if args.view == "json":
        print_json(render_json(raw))
    elif args.view == "html":
        sys.stdout.write(render_message(raw).html + "\n")
    else:
        sys.stdout.write(format_text(render_message(raw)))
    return 0
