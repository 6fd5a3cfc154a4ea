"""Progress of long phases, on exact output: redrawn on a terminal, a few plain lines elsewhere."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner

from conftest import make_project
from presskb import progress as progress_module
from presskb.cli import cli
from presskb.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_phase(stream, total=8, seconds_per_item=0.5) -> str:
    now = [100.0]
    with Progress("Reading seeds", total, "seeds", stream=stream, clock=lambda: now[0]) as shown:
        for _ in range(total):
            now[0] += seconds_per_item
            shown.advance()
    return stream.getvalue()


def test_plain_output_is_a_line_per_quarter_and_one_at_the_end():
    assert run_phase(io.StringIO()) == (
        "Reading seeds: 2/8 seeds (2 seeds/s, 3 s left)\n"
        "Reading seeds: 4/8 seeds (2 seeds/s, 2 s left)\n"
        "Reading seeds: 6/8 seeds (2 seeds/s, 1 s left)\n"
        "Reading seeds: 8 seeds in 4.0 s (2 seeds/s)\n"
    )


def test_a_terminal_gets_one_line_redrawn_in_place_then_the_total():
    assert run_phase(Terminal()) == (
        "\rReading seeds [######------------------] 2/8 seeds (2 seeds/s, 3 s left)"
        "\rReading seeds [#########---------------] 3/8 seeds (2 seeds/s, 2 s left)"
        "\rReading seeds [############------------] 4/8 seeds (2 seeds/s, 2 s left)"
        "\rReading seeds [###############---------] 5/8 seeds (2 seeds/s, 2 s left)"
        "\rReading seeds [##################------] 6/8 seeds (2 seeds/s, 1 s left)"
        "\rReading seeds [#####################---] 7/8 seeds (2 seeds/s, 0 s left)"
        "\rReading seeds: 8 seeds in 4.0 s (2 seeds/s)" + " " * 29 + "\n"
    )


def test_a_terminal_is_redrawn_at_most_ten_times_a_second():
    output = run_phase(Terminal(), total=1000, seconds_per_item=0.01)
    assert output.count("\r") == 91  # 9 s after the first second, ten a second, plus the total


def test_a_short_phase_shows_nothing():
    assert run_phase(io.StringIO(), total=8, seconds_per_item=0.1) == ""
    assert run_phase(Terminal(), total=8, seconds_per_item=0.1) == ""


def test_ingest_outside_a_terminal_prints_plain_progress_lines_on_stderr(tmp_path, monkeypatch):
    seeds = {f"r{n:03d}.txt": f"Company {n} Reports Data\n\nBOSTON, March 3, 2026 /PRNewswire/ -- "
             f"Company {n} reported cancer data.\n" for n in range(200)}
    project = make_project(tmp_path / "kb", seeds)
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0)
    result = CliRunner().invoke(cli, ["--project", str(project.root), "ingest"])
    assert result.exit_code == 0
    assert "\r" not in result.stderr
    reading = [line for line in result.stderr.splitlines() if line.startswith("Reading seeds")]
    assert [re.sub(r"( in [\d.]+ s)? \(.*\)$", " (…)", line) for line in reading] == [  # figures vary
        "Reading seeds: 50/200 seeds (…)", "Reading seeds: 100/200 seeds (…)",
        "Reading seeds: 150/200 seeds (…)", "Reading seeds: 200 seeds (…)",
    ]
    assert result.stdout.startswith("Seeds read:     200 (0 failed)\n")
