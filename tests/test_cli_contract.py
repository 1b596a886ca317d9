"""The command line is a contract: every command and option of DESIGN.md stays, whatever module holds it."""

from __future__ import annotations

import argparse
import subprocess
import sys

from app.cli import COMMAND_GROUPS, build_parser


def _options(parser: argparse.ArgumentParser) -> dict[str, tuple]:
    return {(a.option_strings[-1] if a.option_strings else a.dest): (a.required, tuple(a.choices or ()), a.default)
            for a in parser._actions
            if not isinstance(a, argparse._SubParsersAction | argparse._HelpAction)}


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_is_there():
    parser = build_parser()
    assert _options(parser) == {"--db": (False, (), None), "--content": (False, (), None),
                                "--demo": (False, (), False)}
    commands = _commands(parser)
    assert list(commands)[:6] == ["validate", "demo", "list", "score", "screenshots", "report"]
    common = {"--db": (False, (), None), "--content": (False, (), None), "--create": (False, (), False)}
    assert _options(commands["validate"]) == {**common, "--json": (False, (), False)}
    assert _options(commands["demo"]) == common
    assert _options(commands["list"]) == {**common, "--json": (False, (), False), "--all": (False, (), False)}
    assert _options(commands["score"]) == {**common, "engagement": (True, (), None), "--json": (False, (), False),
                                           "--lang": (False, ("en", "zh"), "en")}
    assert _options(commands["screenshots"]) == {**common, "--out": (True, (), None), "--demo": (False, (), False)}
    report = _options(commands["report"])
    assert report.pop("--kind")[0] is True
    assert report == {**common, "engagement": (True, (), None), "--out": (True, (), None),
                      "--lang": (False, ("en", "zh"), None), "--templates": (False, (), None),
                      "--quiet": (False, (), False), "--role": (False, (), None), "--snapshot": (False, (), None),
                      "--consultancy-name": (False, (), None), "--logo": (False, (), None)}
    assert _options(commands["export"]) == {**common, "engagement": (True, (), None), "--out": (True, (), None),
                                            "--password-file": (False, (), None), "--anonymise": (False, (), False)}
    resolve = {"--resolve": (False, (), []), "--choices": (False, (), None), "--conflicts": (False, (), False),
               "--json": (False, (), False)}
    assert _options(commands["import"]) == {**common, **resolve, "package": (True, (), None),
                                            "--password-file": (False, (), None)}
    for name in ("push", "pull"):
        assert _options(commands[name]) == {**common, **resolve, "engagement": (True, (), None),
                                            "--team": (False, (), None)}
    survey = _commands(commands["survey"])
    assert _options(survey["export"]) == {**common, "engagement": (True, (), None), "--role": (False, (), None),
                                          "--out": (False, (), None), "--lang": (False, ("en", "zh"), None)}
    assert _options(survey["import"]) == {**common, "engagement": (True, (), None), "files": (True, (), None),
                                          "--replace": (False, (), False)}


def test_each_group_registers_through_one_line():
    """A group is a register(sub, common) function; the parser is exactly what the groups add."""
    parser = argparse.ArgumentParser(prog="omm")
    sub = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    seen: list[str] = []
    for register in COMMAND_GROUPS:
        before = set(sub.choices)
        register(sub, common)
        added = [name for name in sub.choices if name not in before]
        assert added, f"{register.__module__} registered no command"
        seen.extend(added)
    assert seen == list(_commands(build_parser()))
    for name, command in sub.choices.items():
        assert callable(command.get_default("func")), name


def test_python_m_app_cli_and_bad_arguments_keep_their_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "app.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "validate" in ok.stdout and "report" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "app.cli", "report", "x", "--kind", "nope", "--out", "x.docx"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "invalid choice" in bad.stderr and "Traceback" not in bad.stderr


def test_the_process_commands():
    commands = _commands(_commands(build_parser())["process"])
    assert list(commands) == ["list", "show", "check", "seed", "approve", "export", "import"]
    common = {"--db": (False, (), None), "--content": (False, (), None), "--create": (False, (), False)}
    engagement = {"engagement": (True, (), None)}
    lang = {"--lang": (False, ("en", "zh"), "en")}
    assert _options(commands["list"]) == {**common, **engagement, "--json": (False, (), False), **lang}
    assert _options(commands["show"]) == {**common, **engagement, "process": (True, (), None),
                                          "--variant": (False, (), None), "--json": (False, (), False), **lang}
    assert _options(commands["check"]) == {**common, **engagement, "process": (False, (), None),
                                           "--json": (False, (), False), **lang}
    assert _options(commands["seed"]) == {**common, **engagement, "processes": (True, (), None),  # nargs="*": argparse calls it required
                                          "--replace": (False, (), False)}
    assert _options(commands["approve"]) == {**common, **engagement, "process": (True, (), None),
                                             "--draft": (False, (), False)}
    assert _options(commands["export"]) == {**common, **engagement, "--out": (True, (), None)}
    assert _options(commands["import"]) == {**common, **engagement, "file": (True, (), None)}


def test_the_request_signoff_and_snapshot_commands():
    commands = _commands(build_parser())
    common = {"--db": (False, (), None), "--content": (False, (), None), "--create": (False, (), False)}
    requests = _options(commands["requests"])
    assert requests["engagement"] == (True, (), None) and requests["--out"] == (False, (), None)
    assert requests["--status"][1] == ("requested", "received", "reviewed", "not_available")
    assert {"--generate", "--add", "--set", "--remove", "--owner", "--due", "--note", "--title", "--json",
            "--lang"} <= set(requests)
    signoff = _options(commands["signoff"])
    assert signoff == {**common, "engagement": (True, (), None), "--lead": (False, (), None),
                       "--note": (False, (), ""), "--label": (False, (), ""), "--accept-open": (False, (), False),
                       "--json": (False, (), False)}
    assert list(_commands(commands["snapshot"])) == ["list", "create", "show", "reassess", "marks"]
