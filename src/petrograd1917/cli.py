"""The command line: `petrograd1917 [play|check|stats|...]`; translates arguments, holds no game rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917 import __version__, paths
from petrograd1917.story.problems import Problem, Severity, StoryError
from petrograd1917.story.prose import counted

if TYPE_CHECKING:
    from petrograd1917.story.model import Story  # only named: the model is loaded with the story

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 70


def _story_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--story", type=Path, metavar="DIR", help="story directory (default: the shipped campaign)")
    p.add_argument("--no-cache", action="store_true", help="read the YAML even if a cached copy is valid")


def _story_here(args: argparse.Namespace) -> None:
    """Without --story (and $PETROGRAD1917_STORY), a command run inside a story's folder means that story."""
    if getattr(args, "story", False) is None and not os.environ.get("PETROGRAD1917_STORY") \
            and (Path.cwd() / "story.yaml").is_file():
        args.story = Path.cwd()


def _format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")


def version_text() -> str:
    """The program's version and the shipped story's, each said for what it is."""
    from petrograd1917.engine.loading import load

    try:
        story = load(None).playable()
        shipped = f"the story: {story.title}, version {story.version} (the shipped campaign)"
    except (StoryError, OSError):
        shipped = "the story: the shipped campaign could not be read (petrograd1917 check says why)"
    return f"the program: petrograd1917 {__version__}\n{shipped}"


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        print(version_text())
        parser.exit()


def roles_epilog(argv: list[str]) -> str:
    """For `play --help`: the role ids of the story the command line names (loaded only for help)."""
    from petrograd1917.engine.loading import load

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--story", type=Path)
    try:
        story = load(early.parse_known_args(argv)[0].story).playable()
    except (StoryError, OSError):
        return "roles: the story could not be read ('petrograd1917 check' says why)"
    lines = [f"  {r.id:<12} {r.name}" + (" (the default)" if r.id == story.default_role else "")
             for r in story.roles.values()]
    return "roles (--role ID):\n" + "\n".join(lines)


def _authoring_parsers(sub: Any) -> None:
    """The commands for authors: check, quicktest, randomtest, graph, schema, stats."""
    check = sub.add_parser("check", help="load and validate a story; list every problem (errors and lint warnings)")
    _story_arg(check)
    _format_arg(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    quick = sub.add_parser("quicktest", help="explore every reachable state; report what can never be reached, taken or shown")
    _story_arg(quick)
    _format_arg(quick)
    quick.add_argument("--role", help="one role only (default: every role)")
    quick.add_argument("--max-states", type=int, default=1_000_000, metavar="N",
                       help="stop after N states (default 1,000,000)")
    quick.add_argument("--prose", action="store_true",
                       help="keep what only the prose's {if}s read too, so every one is checked (more states)")
    quick.add_argument("--verbose", action="store_true",
                       help="list, scene by scene, the prose not checked without --prose")

    rnd = sub.add_parser("randomtest", help="many random play-throughs: coverage, endings, fidelity")
    _story_arg(rnd)
    _format_arg(rnd)
    rnd.add_argument("--runs", type=int, default=10_000, metavar="N", help="play-throughs (default 10,000)")
    rnd.add_argument("--seed", type=int, default=0, help="the same seed gives the same report")
    rnd.add_argument("--role", help="one role only (default: a random role each run)")

    graph = sub.add_parser("graph", help="the story map as Graphviz dot or Mermaid")
    _story_arg(graph)
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot")
    graph.add_argument("--role", help="only what this role can reach")
    graph.add_argument("--act", help="only this act's scenes (and where they lead)")

    schema = sub.add_parser("schema", help="JSON Schema of the story files, for editors")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write the four schema files into DIR")
    schema.add_argument("file", nargs="?", choices=("story", "scenes", "record", "codex"),
                        help="print one schema (default: all, as one JSON object)")

    _measure_parser(sub)
    _chronicle_parser(sub)

    stats = sub.add_parser("stats", help="counts of scenes, choices, endings, roles and words")
    _story_arg(stats)
    _format_arg(stats)


def build_parser(play_epilog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petrograd1917",
        description="Petrograd 1917: live through the autumn of 1917, and see how closely you followed history. "
                    "With no command, or only options, it plays.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="the program's version and the story's")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play the game (the default)", epilog=play_epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    _story_arg(play)
    play.add_argument("--plain", action="store_true", help="plain line mode: numbered text, no full-screen interface")
    play.add_argument("--role", help="role id (default: plain mode asks; the full-screen game offers a choice)")
    play.add_argument("--seed", type=int, help="seed for chance (default: random)")
    play.add_argument("--watch", action="store_true", help="reload the story when its files change (for authors)")
    play.add_argument("--saves", type=Path, metavar="DIR", help="where saves go (default: $PETROGRAD1917_SAVES, "
                                                                 "else the user data folder)")

    _authoring_parsers(sub)

    replay = sub.add_parser("replay", help="replay a saved game: transcript, end report or verification")
    replay.add_argument("save", help="a save file, a slot name, or the name of a shipped example")
    what = replay.add_mutually_exclusive_group()
    what.add_argument("--transcript", action="store_true", help="the play-through, scene by scene (the default)")
    what.add_argument("--report", action="store_true", help="the end report beside the record")
    what.add_argument("--verify", action="store_true", help="exit 0 only if the save replays exactly to its snapshot")
    replay.add_argument("--format", choices=("md", "text", "json"), default="md")
    replay.add_argument("--saves", type=Path, metavar="DIR", help="the saves folder to look in")
    _story_arg(replay)

    record = sub.add_parser("record", help="the historical record in date order")
    record.add_argument("event", nargs="?", default="",
                        help="one event: its id, words of its title, or its number in date order")
    _story_arg(record)
    _format_arg(record)

    codex = sub.add_parser("codex", help="the codex: people, places, organisations and terms")
    codex.add_argument("entry", nargs="?", default="", help="an entry id or words to look for")
    _story_arg(codex)
    _format_arg(codex)

    serve = sub.add_parser("serve", help="serve the full game to web browsers (each tab its own game)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for a network)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--saves", type=Path, metavar="DIR", help="where saves go (default: as for play)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address browsers reach it by, behind a reverse proxy (default http://HOST:PORT)")
    _story_arg(serve)
    return parser


def _print_problems(problems: list[Problem], fmt: str = "text", out: Any = None) -> None:
    out = out or sys.stderr  # looked up now: a default bound at import would miss a redirected stderr
    if fmt == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2), file=out)
    else:
        for p in problems:
            tag = "" if p.severity is Severity.ERROR else " (warning)"
            print(f"{p}{tag}", file=out)


def cmd_check(args: argparse.Namespace) -> int:
    from petrograd1917.engine.loading import check

    try:
        story, problems = check(args.story, use_cache=not args.no_cache)
    except StoryError as e:
        _print_problems(e.problems, args.format, sys.stdout if args.format == "json" else sys.stderr)
        return EXIT_UNUSABLE
    if story is not None:
        from petrograd1917.authoring.lint import lint

        problems = problems + lint(story)
    if args.strict:
        problems = [Problem(p.pos, p.code, p.message, Severity.ERROR) for p in problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if args.format == "json":
        _print_problems(problems, "json", sys.stdout)
    else:
        _print_problems(problems, "text", sys.stdout)
        from petrograd1917.story.files import display_path

        where = display_path(args.story or paths.shipped_story_dir())
        if story is not None and not errors:
            print(f"{story.title} ({where}): {counted(len(story.scenes), 'scene')}, no errors"
                  + (f", {len(problems)} warning(s)" if problems else ""))
        else:
            print(f"{where}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    return EXIT_PROBLEMS if errors else EXIT_OK


def _load(args: argparse.Namespace) -> Any:
    from petrograd1917.engine.loading import open_machine

    return open_machine(args.story, use_cache=not getattr(args, "no_cache", False))


def cmd_stats(args: argparse.Namespace) -> int:
    from petrograd1917.authoring.stats import story_stats

    story = _load(args).story
    data = story_stats(story)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return EXIT_OK
    for key, value in data.items():
        if not isinstance(value, dict):
            print(f"{key:>16}: {value}")
    print(f"{'endings by kind':>16}: " + ", ".join(f"{k} {v}" for k, v in data["endings_by_kind"].items()))
    for group in ("acts", "by_role"):
        print(f"\n{'act' if group == 'acts' else 'role':<12} scenes choices judged endings  words  minutes")
        for name, c in data[group].items():
            ratio = f"{round(100 * c['judged_ratio'])}%" if c["judged_ratio"] is not None else "-"
            print(f"{name:<12} {c['scenes']:>6} {c['choices']:>7} {ratio:>6} {c['endings']:>7} {c['words']:>6} "
                  f"{c['reading_minutes']:>8}")
    acts = [a.id for a in story.acts]
    print(f"\n{'scenes/words':<12} " + " ".join(f"{a:>14}" for a in acts))
    for role, per_act in data["by_role_and_act"].items():
        print(f"{role:<12} " + " ".join(f"{per_act[a]['scenes']:>5} / {per_act[a]['words']:>6}" for a in acts))
    varied = [(sid, v) for sid, v in data["by_scene"].items() if v["branches"]]
    if varied:
        print("\nwords per branch (scene: words every reader sees + each branch's)")
        for sid, v in varied:
            print(f"  {sid}: {v['fixed']} + " + " | ".join(str(n) for n in v["branches"]))
    return EXIT_OK


def _unknown_role(role: str | None, story: Story) -> bool:
    """Whether the command line names a role the story does not have; if so, said on stderr."""
    if role is None or role in story.roles:
        return False
    print(f"petrograd1917: unknown role '{role}' (roles: {', '.join(story.roles)})", file=sys.stderr)
    return True


def wants_plain(args: argparse.Namespace) -> bool:
    """Plain mode when asked, or when nothing can drive a full-screen app: a pipe or a file. A Textual
    driver given in $TEXTUAL_DRIVER (textual-serve's web driver) needs no terminal, so it is honoured first."""
    if args.plain:
        return True
    if os.environ.get("TEXTUAL_DRIVER"):
        return False
    return not sys.stdout.isatty() or not sys.stdin.isatty()


def cmd_play(args: argparse.Namespace) -> int:
    machine = _load(args)
    if _unknown_role(args.role, machine.story):
        return EXIT_UNUSABLE
    if wants_plain(args):
        return play_plain(machine, args)
    from petrograd1917.tui.run import run_app

    return run_app(machine, args.role, args.seed, args.saves, watch=args.watch)


def play_plain(machine: Any, args: argparse.Namespace) -> int:
    import secrets

    from petrograd1917.plain import PlainSession, ask_role, terminal_width
    from petrograd1917.savegame.session import PlaySession
    from petrograd1917.savegame.store import SaveStore, saves_dir

    role = args.role or ask_role(machine.story, sys.stdin, sys.stdout, terminal_width())
    if role is None:
        print("Goodbye.")
        return EXIT_OK
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    session = PlaySession.start(machine, role, seed, SaveStore(saves_dir(args.saves)))
    return PlainSession(session).run()


def cmd_serve(args: argparse.Namespace) -> int:
    from petrograd1917.serve import serve

    _load(args)  # a story that cannot be read is said here, once, not in every browser tab
    return serve(args.host, args.port, args.story, args.saves, args.public_url)


def _progress(label: str) -> Any:
    """A progress line on a terminal's stderr; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(count: int) -> None:
        print(f"\r{label}: {count:,} states…", end="", file=sys.stderr, flush=True)

    return show


def _say_assumptions(result: Any, verbose: bool) -> None:
    """Each assumption on a line; the prose quicktest left to randomtest in one line, scene by scene
    only with --verbose (the campaign has hundreds: they would bury the problems)."""
    prose = result.prose_unchecked
    for assumed in result.assumptions:
        if verbose or not assumed.startswith("prose in scene '"):
            print(f"assumed: {assumed}")
    if prose and not verbose:
        branches = sum(prose.values())
        print(f"assumed: prose in {counted(len(prose), 'scene')} ({counted(branches, 'text branch', 'text branches')}) "
              "reads what quicktest does not keep there, so it was not checked (randomtest plays it; --prose "
              "checks it; --verbose lists it)")


def cmd_quicktest(args: argparse.Namespace) -> int:
    from petrograd1917.authoring.quicktest import explore

    machine = _load(args)
    if _unknown_role(args.role, machine.story):
        return EXIT_UNUSABLE
    progress = _progress("quicktest")
    result = explore(machine, args.role, args.max_states, progress, prose=args.prose)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.as_dict(machine), indent=2))
    else:
        d = result.as_dict(machine)
        print(f"quicktest ({', '.join(result.roles)}): {d['states']:,} states; {d['scenes_reached']} of "
              f"{d['scenes']} scenes and {d['endings_reached']} of {d['endings']} endings reached")
        if not result.complete:
            print(f"stopped early at {args.max_states:,} states (--max-states): what follows may be incomplete")
        _say_assumptions(result, args.verbose)
        for p in result.problems:
            what = {"never_available": f"choice '{p.choice}' in scene '{p.scene}' is never available ({p.detail})",
                    "never_reached": f"{p.detail} '{p.scene}' is never reached",
                    "no_way_out": f"scene '{p.scene}' has no way out: {p.detail}",
                    "prose_never_shown": f"{p.where}: prose never shown: {p.detail}"}[p.kind]
            print(f"  {what}")
            if p.path and p.kind != "prose_never_shown":
                print("    shortest path: " + " → ".join(f"{s}:{c}" + (f"#{o}" if o is not None else "")
                                                    for s, c, o in p.path))
        if not result.problems:
            print("no problems found")
    return EXIT_PROBLEMS if result.problems or not result.complete else EXIT_OK


def cmd_randomtest(args: argparse.Namespace) -> int:
    from petrograd1917.authoring.randomtest import random_runs

    machine = _load(args)
    if _unknown_role(args.role, machine.story):
        return EXIT_UNUSABLE
    report = random_runs(machine, args.runs, args.seed, args.role)
    data = report.as_dict(machine, args.role)
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        print(f"randomtest: {args.runs:,} play-throughs, seed {args.seed}")
        print("endings:   " + ", ".join(f"{k} {v}" for k, v in data["endings"].items()))
        print("fidelity:  " + ", ".join(f"{k} {v}" for k, v in data["fidelity"].items()))
        for key in ("longest", "shortest"):
            r = data[key]
            if r:
                print(f"{key + ':':<10} {counted(r['steps'], 'choice')} ({r['role']}, seed {r['seed']}, ending {r['ending']})")
        print(f"coverage:  {counted(len(data['scenes']), 'scene')}, {counted(len(data['choices']), 'choice')}, "
              f"{counted(len(data['endings']), 'ending')} reached")
        for kind, items in data["never"].items():
            if items:
                print(f"never reached ({kind}): " + ", ".join(items[:30]) + (" …" if len(items) > 30 else ""))
        if report.stuck:
            print(f"stuck: {len(report.stuck)} play-throughs ended with no choice open (e.g. role "
                  f"{report.stuck[0].role}, seed {report.stuck[0].seed})")
    return EXIT_PROBLEMS if report.stuck else EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    from petrograd1917.authoring.graph import to_dot, to_mermaid

    story = _load(args).story
    if _unknown_role(args.role, story):
        return EXIT_UNUSABLE
    acts = [a.id for a in story.acts]
    if args.act and args.act not in acts:
        print(f"petrograd1917: unknown act '{args.act}' (acts: {', '.join(acts)})", file=sys.stderr)
        return EXIT_UNUSABLE
    print((to_dot if args.format == "dot" else to_mermaid)(story, args.role, args.act), end="")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from petrograd1917.authoring.schema import json_schemas, write_schemas

    if args.write:
        for path in write_schemas(args.write):
            print(path)
        return EXIT_OK
    schemas = json_schemas()
    if args.file:
        print(json.dumps(schemas[f"{args.file}.schema.json"], indent=2))
    else:
        print(json.dumps(schemas, indent=2))
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from petrograd1917.history.timeline import in_date_order
    from petrograd1917.plain import find_events, suggest_event

    story = _load(args).story
    events = find_events(story, args.event) if args.event.strip() else in_date_order(story)
    if not events:
        print(f"petrograd1917: nothing in the record matches '{args.event}'{suggest_event(story, args.event)}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    if args.format == "json":
        print(json.dumps([_event_data(story, e) for e in events], indent=2, ensure_ascii=False))
        return EXIT_OK
    for e in events:
        _print_event(story, e)
    return EXIT_OK


def _event_data(story: Any, e: Any) -> dict[str, Any]:
    from petrograd1917.history.calendar import to_new_style
    from petrograd1917.history.judge import cite

    return {
        "id": e.id, "title": e.title, "date_os": e.date.isoformat(), "date_ns": to_new_style(e.date).isoformat(),
        "time": e.time, "place": e.place, "people": list(e.people), "summary": e.summary,
        "sources": [{"source": s.source, "title": story.sources[s.source].title, "at": s.at} for s in e.sources],
        "accounts": [{"label": a.label, "text": a.text, "source": cite(story, a.source)} for a in e.accounts],
    }


def _print_event(story: Any, e: Any) -> None:
    from petrograd1917.history.calendar import both
    from petrograd1917.history.judge import cite
    from petrograd1917.plain import terminal_width
    from petrograd1917.story.prose import plain

    width = terminal_width()
    when = both(e.date) + (f", {e.time}" if e.time else "")
    print(f"{e.id}\n  {e.title}\n  {when}\n{plain(e.summary, width, '  ')}")
    for s in e.sources:
        print(plain(f"Source: {cite(story, s)}", width, "  "))
    for a in e.accounts:
        print(plain(f"Account, {a.label} ({cite(story, a.source)}): {a.text}", width, "  "))
    print()


def cmd_codex(args: argparse.Namespace) -> int:
    from petrograd1917.history.codex import find
    from petrograd1917.plain import terminal_width
    from petrograd1917.story.prose import plain

    story = _load(args).story
    found = find(story, args.entry)
    if args.format == "json":
        print(json.dumps([{
            "id": e.id, "name": e.name, "kind": e.kind, "aka": list(e.aka), "summary": e.summary, "text": e.text,
            "see": list(e.see), "events": list(e.events),
            "map": {"x": e.map[0], "y": e.map[1]} if e.map else None} for e in found], indent=2, ensure_ascii=False))
        return EXIT_OK if found else EXIT_PROBLEMS
    if not found:
        print(f"petrograd1917: nothing in the codex matches '{args.entry}'", file=sys.stderr)
        return EXIT_PROBLEMS
    width = terminal_width()
    for e in found:
        print(f"{e.id}: {e.name} ({e.kind})\n{plain(e.summary, width, '  ')}")
        if len(found) == 1:
            see = ", ".join(story.codex[i].name for i in e.see if i in story.codex) or "-"
            events = "; ".join(story.events[i].title for i in e.events if i in story.events) or "-"
            print("\n" + plain(e.text, width) + "\n\n" + plain(f"See also: {see}", width) + "\n"
                  + plain(f"In the record: {events}", width))
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    from petrograd1917.engine.view import game_report
    from petrograd1917.plain import terminal_width
    from petrograd1917.savegame.loading import replay_save
    from petrograd1917.savegame.saveformat import SaveError, SaveFile
    from petrograd1917.savegame.store import SaveStore, find_save, saves_dir
    from petrograd1917.savegame.transcript import steps, transcript_markdown, transcript_text
    from petrograd1917.story.prose import plain

    machine = _load(args)
    try:
        path = find_save(args.save, SaveStore(saves_dir(args.saves)), files=True)
    except ValueError:  # not a file, and no slot could have such a name
        path = None
    if path is None:
        print(f"petrograd1917: {args.save}: no such save file, slot or example", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        loaded = replay_save(machine, SaveFile.read(path))
    except SaveError as e:
        _print_problems(e.problems)
        return EXIT_PROBLEMS
    game = loaded.game
    if args.verify:
        ok = loaded.exact
        if args.format == "json":
            print(json.dumps({"save": str(path), "exact": ok, "story_changed": loaded.story_changed,
                              "replayed": (loaded.stop.step - 1) if loaded.stop else len(loaded.save.log),
                              "choices": len(loaded.save.log), "message": loaded.message}))
        else:
            print(f"{path}: {'OK, replays exactly' if ok else 'DOES NOT replay to its snapshot'}. {loaded.message}")
        return EXIT_OK if ok else EXIT_PROBLEMS
    if not loaded.exact:
        print(f"petrograd1917: {loaded.message}", file=sys.stderr)
    if args.report:
        report = game_report(game)
        if args.format == "json":
            print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            md = report.to_markdown()
            print(md if args.format == "md" else plain(md, terminal_width()) + "\n", end="")
        return EXIT_OK
    if args.format == "json":
        print(json.dumps({"label": loaded.save.label, "role": game.role, "seed": game.seed, "steps": steps(game)},
                         indent=2, ensure_ascii=False))
    else:
        label = loaded.save.label
        print(transcript_markdown(game, label) if args.format == "md" else
              transcript_text(game, label, terminal_width()), end="")
    return EXIT_OK


SUBCOMMANDS = {"play": cmd_play, "serve": cmd_serve, "replay": cmd_replay, "quicktest": cmd_quicktest,
               "randomtest": cmd_randomtest, "graph": cmd_graph, "schema": cmd_schema, "check": cmd_check,
               "stats": cmd_stats, "record": cmd_record, "codex": cmd_codex}


def _measure_parser(sub: Any) -> None:
    measure = sub.add_parser("measure", help="how much each role's choices matter, beside the campaign's targets")
    _story_arg(measure)
    _format_arg(measure)
    measure.add_argument("--role", help="one role only (default: every role)")
    measure.add_argument("--runs", type=int, default=1000, metavar="N",
                         help="random play-throughs per role, for the share of prose read (default 1,000)")
    measure.add_argument("--seed", type=int, default=0, help="the same seed gives the same figures")


def cmd_measure(args: argparse.Namespace) -> int:
    """A report: it exits 0 whether or not the targets are met."""
    from petrograd1917.authoring.measures import measure, to_text

    machine = _load(args)
    if _unknown_role(args.role, machine.story):
        return EXIT_UNUSABLE
    if args.runs < 0:
        print("petrograd1917: --runs must be 0 or more", file=sys.stderr)
        return EXIT_UNUSABLE
    result = measure(machine, args.role, args.runs, args.seed)
    print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) if args.format == "json" else to_text(result),
          end="\n" if args.format == "json" else "")
    return EXIT_OK


SUBCOMMANDS["measure"] = cmd_measure


def _chronicle_parser(sub: Any) -> None:
    chron = sub.add_parser("chronicle", help="what each role's ending has left for the others (--reset forgets it)")
    _story_arg(chron)
    _format_arg(chron)
    chron.add_argument("--saves", type=Path, metavar="DIR", help="the saves folder the chronicle is kept in")
    chron.add_argument("--reset", action="store_true", help="forget every role's ending, for a fresh autumn")


def cmd_chronicle(args: argparse.Namespace) -> int:
    from petrograd1917.savegame import chronicle as chron
    from petrograd1917.savegame.store import saves_dir

    story = _load(args).story
    path = chron.chronicle_path(saves_dir(args.saves), story.id)
    if args.reset:
        print("The chronicle is forgotten." if chron.reset(path) else "The chronicle was already empty.")
        return EXIT_OK
    book = chron.load(path, story.id, story.chronicle)
    if book.problem:
        print(f"petrograd1917: {book.problem}", file=sys.stderr)
    rows = [{"name": c.name, "role": c.role, "value": book.values.get(c.name, c.initial),
             "written": c.name in book.values} for c in story.chronicle]
    if args.format == "json":
        print(json.dumps({"story": story.id, "entries": rows, "endings": book.endings}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not story.chronicle:
        print(f"{story.title} keeps no chronicle.")
    for r in rows:
        role = story.roles[r["role"]].name if r["role"] in story.roles else r["role"]
        how = "" if r["written"] else f" (its starting value: {role} has not reached an ending yet)"
        print(f"{r['name']} = {json.dumps(r['value'])}{how}")
    for role_id, endings in book.endings.items():
        titles = [e.title for s in story.scenes.values() if (e := s.ending) and e.id in endings]
        print(f"{story.roles[role_id].name if role_id in story.roles else role_id}: reached " + ", ".join(titles))
    return EXIT_OK


SUBCOMMANDS["chronicle"] = cmd_chronicle


def main(argv: list[str] | None = None) -> int:
    """The program. `argv` None reads the command line; a list (even empty) is the whole of it."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    # Options alone mean play: `petrograd1917 --plain`, `petrograd1917 --story DIR`.
    if not args_in or (args_in[0].startswith("-") and args_in[0] not in ("-h", "--help", "--version")):
        args_in = ["play", *args_in]
    wants_help = args_in[0] == "play" and any(a in ("-h", "--help") for a in args_in[1:])
    try:
        args = build_parser(roles_epilog(args_in) if wants_help else None).parse_args(args_in)
        _story_here(args)
        return SUBCOMMANDS[args.command](args)
    except StoryError as e:
        _print_problems(e.problems)
        print(f"petrograd1917: the story has {len(e.problems)} error(s); run 'petrograd1917 check' for details.",
              file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a traceback reaching a player is a bug: keep it in a file, say where
        import traceback

        try:
            where = f"; details in {paths.write_crash_log(traceback.format_exc())}"
        except OSError:
            where = ""
        print(f"petrograd1917: internal error: {e!r}{where}. Please report it.", file=sys.stderr)
        return EXIT_INTERNAL
