"""Entry point of the ``kansli`` command.

Without a subcommand it opens the window (Qt is imported only then); every subcommand is headless. Errors the
user can act on are printed as one line and give a non-zero exit code; nothing else ever shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from db.core import i18n
from db.core.errors import KansliError
from db.core.i18n import _
from desktop.cli import (
    calling_commands,
    media_commands,
    meeting_commands,
    member_commands,
    privacy_commands,
    recognition_commands,
    report_commands,
    setup_commands,
    sync_commands,
)
from desktop.cli.context import CommandContext
from desktop.diagnostics import configure_logging, safe_traceback

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program whose reader stopped reading


def program_version() -> str:
    """Return the installed version of Kansli."""
    try:
        return version("kansli")
    except PackageNotFoundError:
        return "0+unknown"


_GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--lang")


def _language_from_arguments(argv: Sequence[str]) -> str | None:
    """Find the global ``--lang`` before parsing, so that help texts are already in that language.

    Only options before the subcommand count: ``kansli init --lang sv`` sets the district's language, not the
    language of the messages.
    """
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
        if argument in _GLOBAL_OPTIONS_WITH_VALUES:
            if argument == "--lang" and index + 1 < len(argv):
                return argv[index + 1]
            index += 2
            continue
        if not argument.startswith("-"):
            return None  # the subcommand: what follows is its own
        index += 1
    return None


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser, with help texts in the current language."""
    parser = argparse.ArgumentParser(
        prog="kansli",
        description=_("Kansli: the district office's member register, calling lists, meetings and printouts."),
    )
    parser.add_argument("--version", action="version", version=f"Kansli {program_version()}")
    parser.add_argument(
        "--db", metavar="PATH", help=_("the database file (default: KANSLI_DB or the user's data folder)")
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages (fi, sv or en)"))
    subcommands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    setup_commands.register(subcommands)
    member_commands.register(subcommands)
    privacy_commands.register(subcommands)
    sync_commands.register(subcommands)
    printing = subcommands.add_parser("print", help=_("print sheets and lists as PDF"))
    print_targets = printing.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    calling_commands.register(subcommands, print_targets)
    meeting_commands.register(subcommands, print_targets)
    member_commands.register_print(print_targets)
    report_commands.register(subcommands)
    media_commands.register(subcommands, print_targets)
    recognition_commands.register(subcommands, print_targets)
    return parser


PACKAGE_SUFFIX = ".kansli-sync"


def package_argument(arguments: list[str]) -> tuple[Path | None, list[str]]:
    """A sync package given as the last argument (a double click in the file manager starts ``kansli FILE``).

    Returns the package and the arguments without it; a command line with a subcommand is left as it is.
    """
    if not arguments or not arguments[-1].lower().endswith(PACKAGE_SUFFIX):
        return None, arguments
    rest = arguments[:-1]
    if any(not argument.startswith("-") and argument not in _option_values(rest) for argument in rest):
        return None, arguments  # e.g. "kansli sync import FILE": the subcommand takes it
    return Path(arguments[-1]).expanduser(), rest


def _option_values(arguments: list[str]) -> set[str]:
    """The values given to global options (``--db PATH``), which are not subcommands."""
    return {
        arguments[index + 1] for index, argument in enumerate(arguments[:-1]) if argument in _GLOBAL_OPTIONS_WITH_VALUES
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kansli`` command and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    language = _language_from_arguments(arguments)
    i18n.set_language(language if language in i18n.LANGUAGES else i18n.language_from_environment())
    parser = build_parser()
    package, arguments = package_argument(arguments)
    options = parser.parse_args(arguments)
    if options.command is None:
        from desktop.app import run_window  # Qt is loaded only for the window

        return run_window(options.db, open_package=package)
    configure_logging()
    context = CommandContext.from_option(options.db)
    try:
        return int(options.handler(options, context))
    except KansliError as error:
        print(f"kansli: {error}", file=context.err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("kansli: interrupted; nothing was changed."), file=context.err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped reading (``kansli members find a | head``): whatever the command wrote to the
        # database is done, and there is nobody left to tell. Point stdout at nothing, so that Python's own flush
        # at exit does not fail on the closed pipe a second time.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception:
        log.error("unexpected error in %s:\n%s", options.command, safe_traceback(*sys.exc_info()))
        print(
            _("kansli: an unexpected error occurred; nothing was changed. Details are in the log file."),
            file=context.err,
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file of the operating system (a test's capture)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
