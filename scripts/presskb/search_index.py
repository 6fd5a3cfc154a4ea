"""Search stage, second half: Pagefind indexes the search documents presskb.search wrote into
the site's bundle, in a child process beside MkDocs (`python -m presskb.search_index`, which
imports nothing of the pipeline: it starts while MkDocs renders)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from presskb.processes import child_options, die_with_parent
from presskb.progress import ProgressFactory, Silent

FOLDER = "search"  # inside a generation: the documents Pagefind indexes
BUNDLE = "pagefind"  # inside site/: the search bundle the browser loads
DIGESTS = "shards.digests.json"  # inside the bundle: what each shard was indexed from
SHARD_BYTES = 8_000_000  # of search documents per Pagefind index: about 450 MB to build it
SHARD_BYTES_VARIABLE = "PRESSKB_SEARCH_SHARD_BYTES"  # overrides it: less memory, more shards
LANGUAGE = "en"  # one index for the whole site: a Chinese article is found from the English UI
# Pagefind's default-UI files: the search box is Material's, driven by docs/javascripts/search.js.
_UNUSED = re.compile(r"^pagefind-(?:component-ui|modular-ui|ui|highlight)\.(?:js|css)$")
_INDEXED = re.compile(r"indexed shard (?P<done>\d+) of (?P<total>\d+)")
_SCRATCH = "pagefind-"  # the temporary folders of indexings, in .presskb/


class SearchIndexer:
    """Pagefind over the search documents, in a child process (`python -m presskb.search_index`), into
    a temporary folder. The bundle of the last build (`site_dir`/pagefind) is moved aside first:
    MkDocs cleans site/ while Pagefind runs, and unchanged shards are taken from it.

    The folder is named after the process (pagefind-<pid>-...): one left by a process that is
    gone (a killed build) is deleted by the next indexing, which takes the bundle it had moved
    aside when site/ has none."""

    def __init__(self, source: Path, scratch: Path, site_dir: Path):
        self.output = Path(tempfile.mkdtemp(dir=scratch, prefix=f"{_SCRATCH}{os.getpid()}-"))
        program = find_pagefind()
        command = [sys.executable, "-m", "presskb.search_index", str(source), str(self.output / BUNDLE),
                   os.environ.get(SHARD_BYTES_VARIABLE, str(SHARD_BYTES)), str(os.getpid()), program.executable,
                   program.version]
        previous = self.output / "previous"
        try:
            os.rename(site_dir / BUNDLE, previous)
        except OSError:
            pass  # none yet, or on another file system: every shard is indexed
        _clear_killed(scratch, previous)
        if previous.is_dir():
            command.append(str(previous))
        package_root = str(Path(__file__).resolve().parent.parent)  # MkDocs loads us by path
        path = os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "PYTHONPATH": path}, start_new_session=True)

    def finish(self, site_dir: Path, progress: ProgressFactory = Silent) -> None:
        """Wait for Pagefind, then move its bundle to site_dir/pagefind. Raises RuntimeError."""
        try:
            messages = self._wait(progress)
            if self.process.returncode != 0:
                raise RuntimeError(f"pagefind failed (exit {self.process.returncode}): {messages.strip()}")
            shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
            shutil.move(self.output / BUNDLE, site_dir / BUNDLE)
        finally:
            shutil.rmtree(self.output, ignore_errors=True)

    def _wait(self, progress: ProgressFactory) -> str:
        """Pagefind's messages, once it ended; the shards it reports indexed advance `progress`."""
        messages, shown = [], None
        for line in self.process.stdout:
            if indexed := _INDEXED.fullmatch(line.rstrip("\n")):
                shown = shown or progress("Indexing search", int(indexed["total"]), "shards")
                shown.advance()
            else:
                messages.append(line)
        self.process.wait()
        if shown:
            shown.finish()
        return "".join(messages)

    def cancel(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # Pagefind too, not only its parent
        self.process.wait()
        shutil.rmtree(self.output, ignore_errors=True)


@dataclass(frozen=True)
class Pagefind:
    executable: str  # its binary, run directly ("": none, `python -m pagefind` runs it)
    version: str

    def command(self) -> list[str]:
        # The `python -m pagefind` launcher costs a Python start per shard
        return [self.executable] if self.executable else [sys.executable, "-m", "pagefind"]


@functools.cache
def find_pagefind() -> Pagefind:
    """Found by the process that starts the indexing, ahead of it (MkDocs, while presskb holds
    it): finding them took the indexing 0.12 s, which an incremental build waited for."""
    from importlib.metadata import version

    from pagefind.service import get_executable

    executable = get_executable()
    return Pagefind(str(executable) if executable else "", version("pagefind"))


def _clear_killed(scratch: Path, previous: Path) -> None:
    """Delete the folders of indexings whose process is gone; a bundle one of them had moved
    aside becomes `previous` if there is none (its shards are taken where their documents are
    unchanged, as ever). Else a build after a killed one indexed every shard again, and each
    kill left tens of megabytes behind."""
    killed = [folder for folder in scratch.glob(f"{_SCRATCH}*") if not _running(folder.name)]
    for folder in sorted(killed):
        if not previous.exists():
            try:
                os.rename(folder / "previous", previous)
            except OSError:  # it had none
                pass
        shutil.rmtree(folder, ignore_errors=True)


def _running(name: str) -> bool:
    """Whether the process a scratch folder is named after runs (older names carry no pid)."""
    pid = name.removeprefix(_SCRATCH).split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's
        pass
    return True


def index(source: Path, bundle: Path, shard_bytes: int, previous: Path | None = None,
          pagefind: Pagefind | None = None) -> None:
    """Pagefind over the documents in `source`, shard after shard, into bundle/<n>/;
    bundle/shards.json lists them for the search box.

    Pagefind 1.5 holds the whole index in memory, about 55 bytes per byte of document (1.4 GB for
    the 25 MB of 5,235 releases), so a large site is indexed in parts the browser searches side
    by side. A document's shard depends on its path alone (see `_shards`), so a new or changed
    page changes one shard: a shard of `previous` (the last bundle) made from the same documents
    is taken over as it is, not indexed again. Raises subprocess.CalledProcessError.

    A document is known by its file's status: ingest writes a changed page as a new file and
    links an unchanged one from the last generation (presskb.write), so reading every document
    to hash it would only tell the same."""
    pagefind = pagefind or find_pagefind()
    status = _documents(source)
    documents = sorted(status)
    shards = _shards(documents, [status[path].st_size for path in documents], shard_bytes)
    digests = {name: _digest(shard, status, pagefind.version) for name, shard in shards.items()}
    known = _digests(previous) if previous else {}
    done, changed = 0, []
    for name in shards:
        if known.get(name) == digests[name] and (previous / name).is_dir():
            _take(previous / name, bundle / name)
            done += 1
            print(f"indexed shard {done} of {len(shards)}", flush=True)
        else:
            changed.append(name)
    # A change of a few pages changes a shard or two: they are indexed side by side. More are
    # indexed one at a time, so that a whole index takes the memory of one shard.
    workers = len(changed) if previous and 1 < len(changed) <= (os.cpu_count() or 1) else 1
    with ThreadPoolExecutor(workers) as pool:
        indexed = pool.map(lambda name: _index_shard(source, shards[name], bundle.parent / f"shard-{name}",
                                                     bundle / name, pagefind), changed)
        for _ in indexed:
            done += 1
            print(f"indexed shard {done} of {len(shards)}", flush=True)
    (bundle / "shards.json").write_text(json.dumps(list(shards)) + "\n", encoding="utf-8")
    (bundle / DIGESTS).write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _take(shard: Path, target: Path) -> None:
    """Move a shard of the last bundle (moved aside for this build) into the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(shard, target)
    except OSError:
        shutil.copytree(shard, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _index_shard(source: Path, shard: list[str], site: Path, output: Path, pagefind: Pagefind) -> None:
    for path in shard:  # links, not copies, at their page's path: Pagefind reads one shard's documents
        page = site / f"{path.rsplit('.', 2)[0]}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        os.link(source / path, page)
    subprocess.run([*pagefind.command(), "--site", str(site), "--output-path", str(output),
                    "--force-language", LANGUAGE, "--silent"], check=True, **child_options())
    shutil.rmtree(site)
    for unused in output.iterdir():
        if _UNUSED.match(unused.name):
            unused.unlink()


def placement(identity: str) -> str:
    """What names a search document's shard, from what stays when its page moves."""
    return hashlib.blake2b(identity.encode(errors="surrogateescape"), digest_size=4).hexdigest()


def _shards(paths: list[str], sizes: list[int], limit: int) -> dict[str, list[str]]:
    """`paths` (<page>.<placement>.html) spread over a power of two of shards by their
    placement, enough for the shards to be filled to about half of `limit` bytes on average. A
    document keeps its shard while the site grows, until the total doubles."""
    count = 1
    while sum(sizes) > count * limit // 2:
        count *= 2
    shards: dict[str, list[str]] = {str(number): [] for number in range(count)}
    for path in paths:
        shards[str(int(path.rsplit(".", 2)[1], 16) % count)].append(path)
    return {name: shard for name, shard in shards.items() if shard}


def _documents(source: Path) -> dict[str, os.stat_result]:
    """The status of each document under `source`, by its path there."""
    found = {}
    start = len(os.path.join(source, ""))
    for folder, _, names in os.walk(source):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                found[path[start:].replace(os.sep, "/")] = os.stat(path)
    return found


def _digest(shard: list[str], status: dict[str, os.stat_result], pagefind_version: str) -> str:
    """What a shard's index is made from: Pagefind's version and language, and its documents."""
    digest = hashlib.sha256(f"{pagefind_version}\0{LANGUAGE}\0".encode())
    for path in shard:
        info = status[path]
        digest.update(f"{path}\0{info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _digests(bundle: Path) -> dict[str, str]:
    try:
        return json.loads((bundle / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


if __name__ == "__main__":
    source_folder, bundle_folder, limit, parent, executable, pagefind_version, *last_bundle = sys.argv[1:]
    die_with_parent(int(parent))  # MkDocs, killed, takes its indexing with it
    if not limit.isdigit() or int(limit) < 1:
        sys.exit(f"{SHARD_BYTES_VARIABLE} must be a number of bytes, not {limit!r}")
    try:
        index(Path(source_folder), Path(bundle_folder), int(limit), Path(last_bundle[0]) if last_bundle else None,
              Pagefind(executable, pagefind_version))
    except subprocess.CalledProcessError as failure:
        sys.exit(failure.returncode)
