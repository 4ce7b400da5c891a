#!/usr/bin/env python3
"""Finds import cycles between the modules of each crate of the workspace,
and imports running back up in `app` (see UPWARD).

    scripts/check-module-cycles.py [WORKSPACE]   check (default: this repository)
    scripts/check-module-cycles.py --self-test   check the checker on small trees

Every .rs file reached from a crate root (src/lib.rs, src/main.rs,
src/bin/*.rs) through `mod x;` is one module; an inline `mod x { .. }` belongs
to its file. tests/, examples/ and benches/ are never reached.

Module A depends on module B when A's file names a path into B: `use
crate::b::..`, `use super::b::..`, `use self::..`, a grouped `use crate::{b,
c::d}`, an inline path such as `crate::b::f()` or `super::b::f()`, a child
by its name (`b::f()` in b's parent), or a module brought in by `use`. A path
resolves to the deepest module it names, then, for the item after it, on
through that module's `pub use` re-exports (also `pub use x::*`) to the
module that defines the item; the re-export is itself an edge parent ->
child. An item of lib.rs (`crate::AppState`) is the module `crate`. `mod x;`
declarations are not edges; `use super::*` in an inline `mod tests` names
its own file, so it is no edge either.

It exits 1, printing each cycle as `crate: a -> b -> a` with one file:line
per edge, when it finds
  - modules in a cycle (each strongly connected group is shown as short
    cycles which, together, hold all of its edges, each edge once),
  - a cycle through a crate root (FAIL_ON_ROOT_CYCLES),
  - imports running back up (UPWARD), which are not edges of the cycles.
Otherwise it prints `module cycles: none in N crates (M modules)`.

Limits, on purpose: no macro expansion (an item a macro makes, re-exported
by `pub use x::*`, is found by its name in x's text), no `#[path]`, every
`cfg` counts, and `use` inside function bodies counts for the whole module.
Dependency-free: Python 3.8 or newer.
"""

import glob
import io
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict, namedtuple

# Imports that must not run back up, per crate: (target, allowed from).
# `target` is a module path, or "" for the items of the crate root itself
# (lib.rs). A path naming an item of `target`, or of a module under it, is
# forbidden from every module but the crate root (the top: it may name
# anything), `target`'s own modules and the modules listed in `allowed from`.
#
# In `app`, the server functions, the lifecycle kernel and the data modules
# sit below the pages and the crate root: the root wires the pages and the
# server state together, and the pages call the server functions. A server
# function reaching `crate::AppState` or `crate::request_lang`, or any module
# reaching into a page (`crate::pages::set_status`), turns that around and ties the server code to the UI. What both need
# belongs in a module below them.
UPWARD = {
    "app": [
        ("", []),  # the root's own items: AppState, request_lang, ..
        ("pages", ["split"]),  # the pages; split.rs is the root's table of split-out routes
    ],
}

# A crate root that uses, or re-exports from, a module which itself uses an
# item of the root (`crate::Error`, `crate::write_txn`) closes a cycle too.
# Reported apart from the cycles between modules; False: not reported.
FAIL_ON_ROOT_CYCLES = True

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
NOT_AFTER_WORD = r"(?<![A-Za-z0-9_])"
PATH_RE = re.compile(r"(?<![A-Za-z0-9_$#'])(::\s*)?(%s(?:\s*::\s*%s)*)" % (IDENT, IDENT))
MOD_RE = re.compile(NOT_AFTER_WORD + r"mod\s+(%s)\s*([;{])" % IDENT)
USE_RE = re.compile(r"(?<![A-Za-z0-9_:.$#])use(?![A-Za-z0-9_])")
PUB_RE = re.compile(NOT_AFTER_WORD + r"pub\s*(\([^)]*\)\s*)?$")
TOKEN_RE = re.compile(r"::|[{},;*]|%s" % IDENT)
ITEM_RE = re.compile(
    NOT_AFTER_WORD + r"(?:fn|struct|enum|trait|type|const|static|union)\s+(%s)|macro_rules!\s*(%s)" % (IDENT, IDENT)
)
RAW_STRING_RE = re.compile(r'b?r(#*)"')
CHAR_RE = re.compile(r"'(?:\\(?:u\{[0-9A-Fa-f]*\}|x..|.)|[^\\'\n])'")

# One reference, from module `src` (a file's module) to module `dst` (the file
# where the item lives; None: in another crate), written as a path through the
# module `named` to `item` (None when it names the module itself).
Ref = namedtuple("Ref", "src dst named item path line")
OUTSIDE = "another crate"  # where `pub use other_crate::Item` leads


def show(module):
    return "::".join(module) if module else "crate"


# ------------------------------------------------------------------ reading


def strip_rust(text):
    """The text with comments and string and char literals blanked out, same
    length and same lines, so that offsets and line numbers still match."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "
        return b

    while i < n:
        c = text[i]
        after_word = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = blank(i, n if end < 0 else end)
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:  # block comments nest
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            i = blank(i, j)
        elif c in "rb" and not after_word and RAW_STRING_RE.match(text, i):
            m = RAW_STRING_RE.match(text, i)  # r"..", r#".."#, br".."
            end = text.find('"' + m.group(1), m.end())
            i = blank(i, n if end < 0 else end + 1 + len(m.group(1)))
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = blank(i, j + 1)
        elif c == "'" and CHAR_RE.match(text, i):  # else a lifetime or a label
            i = blank(i, CHAR_RE.match(text, i).end())
        else:
            i += 1
    return "".join(out)


class SourceFile:
    """One .rs file: its text without comments and literals, and the modules
    it declares."""

    def __init__(self, path, module, children_dir):
        self.path = path
        self.module = module  # its module path, a tuple: ("pages", "proposal")
        self.children_dir = children_dir  # where the files of its `mod x;` are
        with open(path, encoding="utf-8") as f:
            self.code = strip_rust(f.read())
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.code)]
        self.inline = []  # inline modules: (start, end, name)
        self.declared = []  # `mod x;`: (offset, module path)
        for m in MOD_RE.finditer(self.code):
            name = m.group(1)
            if m.group(2) == ";":
                self.declared.append((m.start(), self.module_at(m.start()) + (name,)))
            else:  # inline: up to the matching brace
                depth, j = 1, m.end()
                while j < len(self.code) and depth:
                    depth += {"{": 1, "}": -1}.get(self.code[j], 0)
                    j += 1
                self.inline.append((m.start(), j, name))

    def line(self, offset):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:  # the last line starting at or before offset
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if self.line_starts[mid] <= offset else (lo, mid - 1)
        return lo + 1

    def module_at(self, offset):
        """The module at an offset: the file's and the inline ones around it."""
        return self.module + tuple(name for (a, b, name) in self.inline if a < offset < b)


# ------------------------------------------------------------------ a crate


class Crate:
    """One crate root and the modules under it, with every reference."""

    def __init__(self, root_file):
        self.files = {}  # module path -> SourceFile
        self.modules = {}  # module path (inline ones too) -> its file's module path
        self.problems = []
        todo = [SourceFile(root_file, (), os.path.dirname(root_file))]
        while todo:
            f = todo.pop()
            self.files[f.module] = f
            self.modules[f.module] = f.module
            for a, b, name in f.inline:
                self.modules[f.module_at(a) + (name,)] = f.module
            for offset, module in f.declared:
                inline_on_the_way = module[len(f.module) : -1]
                base = os.path.join(f.children_dir, *inline_on_the_way, module[-1])
                if os.path.isfile(base + ".rs"):
                    todo.append(SourceFile(base + ".rs", module, base))
                elif os.path.isfile(os.path.join(base, "mod.rs")):
                    todo.append(SourceFile(os.path.join(base, "mod.rs"), module, base))
                else:
                    self.problems.append("%s:%d: no file for `mod %s;`" % (f.path, f.line(offset), module[-1]))

        # What each module defines, re-exports and brings in by `use`.
        self.defined = defaultdict(set)  # module -> names of the items defined in it
        for f in self.files.values():
            for m in ITEM_RE.finditer(f.code):
                self.defined[f.module_at(m.start())].add(m.group(1) or m.group(2))
        self.reexports = {}  # (module, name) -> the path of its `pub use path as name`
        self.globs = defaultdict(list)  # module -> the paths of its `pub use path::*`
        self.aliases = {}  # (file module, module, name) -> the module a `use` names so
        self.module_reexports = {}  # (module, name) -> the module of its `pub use path as name`
        uses = {module: list(self._uses(f)) for module, f in self.files.items()}
        for _ in range(2):  # twice: a `use` may start from a name another one brought in
            for module, f in self.files.items():
                for scope, segs, name, offset, public in uses[module]:
                    target = self.resolve(module, scope, segs)
                    if target is None:
                        if public and name:  # `pub use other_crate::Item`
                            self.reexports[(scope, name)] = segs
                    elif name is None:
                        if public and not target[1] and segs not in self.globs[scope]:
                            self.globs[scope].append(segs)
                    elif not target[1]:
                        self.aliases[(module, scope, name)] = target[0]
                        if public:
                            self.module_reexports[(scope, name)] = target[0]
                    elif public:
                        self.reexports[(scope, name)] = segs

        # Every reference: the leaves of the `use`s, then the paths in the code.
        self.refs = []
        for module, f in self.files.items():
            for scope, segs, name, offset, public in uses[module]:
                self._add_ref(f, scope, segs, offset)
            code = list(f.code)
            for a, b in self._use_spans(f):
                code[a:b] = " " * (b - a)
            for m in PATH_RE.finditer("".join(code)):
                if m.group(1) or "::" not in m.group(2):
                    continue  # `::other_crate::..`, or a lone name
                segs = re.split(r"\s*::\s*", m.group(2))
                self._add_ref(f, f.module_at(m.start()), segs, m.start(2))

    def _use_spans(self, f):
        for m in USE_RE.finditer(f.code):
            end = f.code.find(";", m.end())
            if end > 0 and not re.match(r"\s*<", f.code[m.end() :]):  # not `impl Trait + use<'a>`
                yield m.start(), end + 1

    def _uses(self, f):
        """The leaves of the `use`s of a file: (module there, path, name it
        binds or None for `*`, offset, whether it is a `pub use`)."""
        for a, b in self._use_spans(f):
            public = PUB_RE.search(f.code, max(0, a - 40), a) is not None
            tokens = [(t.group(0), t.start()) for t in TOKEN_RE.finditer(f.code, a + 3, b)]
            for segs, name, offset in parse_use_tree(tokens):
                yield f.module_at(a), segs, name, offset, public

    def resolve(self, file_module, scope, segs):
        """(the deepest module a path written in module `scope` names, the
        rest of the path), or None for a path out of the crate (another
        crate, std) or to a local name."""
        first, rest = segs[0], list(segs[1:])
        if first == "crate":
            module = ()
        elif first == "self":
            module = scope
        elif first == "super":
            module, rest = scope, list(segs)
            while rest and rest[0] == "super":
                if not module:
                    return None
                module, rest = module[:-1], rest[1:]
        elif scope + (first,) in self.modules:  # a child, by its name
            module = scope + (first,)
        elif (file_module, scope, first) in self.aliases:
            module = self.aliases[(file_module, scope, first)]
        else:
            return None
        while rest:
            if module + (rest[0],) in self.modules:
                module = module + (rest[0],)
            elif (module, rest[0]) in self.module_reexports:
                module = self.module_reexports[(module, rest[0])]
            else:
                break
            rest = rest[1:]
        return module, rest

    def home(self, module, name, seen=None):
        """The module defining the item `name` named through `module`,
        following `pub use`; OUTSIDE when it comes from another crate; None
        when `module` does not offer it."""
        seen = set() if seen is None else seen
        if (module, name) in seen:
            return None
        seen.add((module, name))
        if (module, name) in self.reexports:
            target = self.resolve(self.modules[module], module, self.reexports[(module, name)])
            if target is None:
                return OUTSIDE
            there, rest = target
            return (self.home(there, rest[0], seen) or there) if rest else there
        if name in self.defined[module]:
            return module
        globbed = [t[0] for t in (self.resolve(self.modules[module], module, g) for g in self.globs[module]) if t]
        for there in globbed:
            found = self.home(there, name, seen)
            if found:
                return found
        for there in globbed:  # an item a macro makes: the module whose text names it
            if re.search(NOT_AFTER_WORD + re.escape(name) + r"(?![A-Za-z0-9_])", self.files[self.modules[there]].code):
                return there
        return None

    def _add_ref(self, f, scope, segs, offset):
        target = self.resolve(f.module, scope, segs)
        if target is None:
            return
        named, rest = target
        item = rest[0] if rest else None
        there = (self.home(named, item) or named) if item else named
        dst = None if there is OUTSIDE else self.modules[there]
        self.refs.append(Ref(f.module, dst, named, item, f.path, f.line(offset)))

    def upward(self, rules):
        """The references running back up (see UPWARD)."""
        found = []
        for ref in self.refs:
            for target, allowed in rules:
                if target == "":  # the root's own items, not its modules
                    forbidden = ref.named == () and ref.item and ref.src != ()
                else:
                    places = [tuple(p.split("::")) for p in [target] + allowed]
                    forbidden = (
                        ref.named[: len(places[0])] == places[0]
                        and ref.src != ()
                        and not any(ref.src[: len(p)] == p for p in places)
                    )
                if forbidden:
                    found.append(ref)
        return found

    def edges(self, leave_out=()):
        """(from, to) -> the first reference making that edge; no self-edges."""
        found = {}
        for ref in self.refs:
            if ref.dst is not None and ref.src != ref.dst and ref not in leave_out:
                found.setdefault((ref.src, ref.dst), ref)
        return found


def parse_use_tree(tokens):
    """The leaves of `use` tree tokens (the `use` left out): (path, name it
    binds or None for `*`, offset of its last name). `crate::{a, b::{self
    as c, *}}` gives crate::a (a), crate::b (c) and crate::b (*)."""
    leaves = []

    def tree(i, prefix):
        segs = list(prefix)
        if i < len(tokens) and tokens[i][0] == "::":
            segs = segs or ["::"]  # `use ::other_crate::..`
            i += 1
        while i < len(tokens):
            tok, offset = tokens[i]
            if tok == "{":
                i += 1
                while i < len(tokens) and tokens[i][0] != "}":
                    i = tree(i, segs)
                    if i < len(tokens) and tokens[i][0] == ",":
                        i += 1
                return i + 1
            if tok == "*":
                leaves.append((segs, None, offset))
                return i + 1
            if tok in ",};":
                return i
            segs.append(tok)
            i += 1
            if i < len(tokens) and tokens[i][0] == "::":
                i += 1
                continue
            name = tok
            if i + 1 < len(tokens) and tokens[i][0] == "as":
                name = tokens[i + 1][0]
                i += 2
            if segs[-1] == "self" and len(segs) > 1:  # `a::{self}` is `a`
                segs.pop()
                name = segs[-1] if name == "self" else name
            leaves.append((segs, None if name == "_" else name, offset))
            return i
        return i

    i = 0
    while i < len(tokens) and tokens[i][0] != ";":
        i = tree(i, [])
        if i < len(tokens) and tokens[i][0] == ",":
            i += 1
    return [leaf for leaf in leaves if leaf[0] and leaf[0][0] != "::"]


# ------------------------------------------------------------------- cycles


def strongly_connected(nodes, edges):
    """Tarjan's algorithm: the groups of more than one node."""
    succ = defaultdict(list)
    for a, b in sorted(edges):
        succ[a].append(b)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while v not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1:
                groups.append(group)

    sys.setrecursionlimit(max(1000, 10 * len(nodes)))
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return sorted(groups, key=sorted)


def shortest_path(edges, start, goal, within):
    """The shortest path start -> .. -> goal through the nodes `within`."""
    before, todo = {start: None}, [start]
    for v in todo:  # breadth first
        for a, b in sorted(edges):
            if a == v and b in within and b not in before:
                before[b] = v
                todo.append(b)
    if goal not in before:
        return None
    path = [goal]
    while path[-1] != start:
        path.append(before[path[-1]])
    return path[::-1]


def cycles_of(group, edges):
    """Short cycles which together hold every edge of a strongly connected
    group: for each edge a -> b not yet in one, a -> b and the shortest way
    back to a."""
    covered, cycles = set(), []
    for a, b in sorted(edges):
        if a in group and b in group and (a, b) not in covered:
            cycle = [a] + shortest_path(edges, b, a, group)
            covered.update(zip(cycle, cycle[1:]))
            cycles.append(cycle)
    return cycles


# ---------------------------------------------------------------- workspace


def workspace_crates(root):
    """([(crate name, root file)], number of member crates): lib.rs, main.rs
    and each src/bin/ program of a member are crate roots of their own."""
    with open(os.path.join(root, "Cargo.toml"), encoding="utf-8") as f:
        manifest = f.read()
    m = re.search(r"^\s*members\s*=\s*\[(.*?)\]", manifest, re.S | re.M)
    dirs = []
    for member in re.findall(r'"([^"]+)"', m.group(1)) if m else ["."]:
        if "*" in member:
            dirs += sorted(d for d in glob.glob(os.path.join(root, member)) if os.path.isdir(d))
        else:
            dirs.append(os.path.join(root, member))
    roots = []
    for d in dirs:
        name, src = os.path.basename(os.path.abspath(d)), os.path.join(d, "src")
        if os.path.isfile(os.path.join(src, "lib.rs")):
            roots.append((name, os.path.join(src, "lib.rs")))
        if os.path.isfile(os.path.join(src, "main.rs")):
            roots.append((name + " (main.rs)", os.path.join(src, "main.rs")))
        bins = os.path.join(src, "bin")
        for entry in sorted(os.listdir(bins)) if os.path.isdir(bins) else []:
            program = os.path.join(bins, entry)
            if entry.endswith(".rs"):
                roots.append(("%s (bin %s)" % (name, entry[:-3]), program))
            elif os.path.isfile(os.path.join(program, "main.rs")):
                roots.append(("%s (bin %s)" % (name, entry), os.path.join(program, "main.rs")))
    return roots, len(dirs)


def check(root, out=sys.stdout):
    """Prints the verdict on the workspace at `root`; returns the exit code."""
    roots, n_crates = workspace_crates(root)
    n_modules = n_groups = 0
    cycles, root_cycles, upward, warnings = [], [], [], []

    def at(ref):
        return "%s:%d" % (os.path.relpath(ref.path, root), ref.line)

    def report(lines, name, cycle, edges, shown):
        """A cycle, and the file:line of each of its edges not yet shown in
        that list."""
        lines.append("%s: %s" % (name, " -> ".join(show(m) for m in cycle)))
        for a, b in zip(cycle, cycle[1:]):
            if (name, a, b) not in shown:
                shown.add((name, a, b))
                lines.append("    %s -> %s    %s" % (show(a), show(b), at(edges[(a, b)])))

    shown, shown_root = set(), set()
    for name, root_file in roots:
        crate = Crate(root_file)
        n_modules += len(crate.files)
        warnings += crate.problems
        # Imports running back up are reported once, on their own: they are
        # not edges of the cycles.
        bad = crate.upward(UPWARD.get(name, []))
        seen = set()
        for ref in bad:
            if (ref.src, ref.named, ref.item) not in seen:
                seen.add((ref.src, ref.named, ref.item))
                path = "::".join(("crate",) + ref.named + ((ref.item,) if ref.item else ()))
                upward.append("%s: %s -> %s    %s" % (name, show(ref.src), path, at(ref)))
        edges = crate.edges(leave_out=set(bad))
        # Cycles between modules, the crate root left out ...
        modules = set(crate.files) - {()}
        between = {(a, b): ref for (a, b), ref in edges.items() if a != () and b != ()}
        for group in strongly_connected(modules, between):
            n_groups += 1
            for cycle in cycles_of(group, between):
                report(cycles, name, cycle, between, shown)
        # ... and through it: a module using an item of the root, which uses
        # (or re-exports from) that module.
        for a, b in sorted(edges):
            path = b == () and shortest_path(edges, (), a, modules)
            if path and FAIL_ON_ROOT_CYCLES:
                report(root_cycles, name, path + [()], edges, shown_root)

    for warning in warnings:
        print("warning: " + warning, file=out)
    if not (cycles or root_cycles or upward):
        print("module cycles: none in %d crates (%d modules)" % (n_crates, n_modules), file=out)
        return 0
    for title, lines in [
        ("Cycles between modules (one reference per edge):", cycles),
        ("Cycles through a crate root (it uses a module that uses its items):", root_cycles),
        ("Imports running back up (UPWARD in %s):" % os.path.basename(__file__), upward),
    ]:
        if lines:
            print(title, file=out)
            for line in lines:
                print("  " + line, file=out)
    count = lambda lines: sum(1 for line in lines if not line.startswith(" "))
    print(
        "module cycles: %d between modules (%d strongly connected groups), %d through a crate root,"
        " %d imports running back up; %d crates (%d modules)"
        % (count(cycles), n_groups, count(root_cycles), len(upward), n_crates, n_modules),
        file=out,
    )
    return 1


# ---------------------------------------------------------------- self-test


def self_test():
    """Checks the verdicts on two small workspaces, one clean, one not."""

    def run(files):
        root = tempfile.mkdtemp(prefix="module-cycles-")
        try:
            members = sorted({path.split("/")[0] for path in files})
            files = dict(files, **{"Cargo.toml": "[workspace]\nmembers = %s\n" % str(members).replace("'", '"')})
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            out = io.StringIO()
            return check(root, out), out.getvalue()
        finally:
            shutil.rmtree(root)

    clean = {
        # lib.rs uses its modules; they use each other downwards only
        "clean/src/lib.rs": "pub mod a;\npub mod b;\nmod c;\nmod kinds;\npub use c::Thing;\npub use kinds::*;\n",
        "clean/src/a.rs": (
            "use crate::b::{self, helper as h};\n"
            "// crate::a::x in a comment, and in a string:\n"
            "pub fn f() -> &'static str { b::g(); h(); crate::Thing; crate::Kind; \"use crate::a;\" }\n"
            "#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::a::f;\n}\n"
        ),
        "clean/src/b.rs": "pub fn g() {}\npub fn helper() {}\nmod inner {\n    use super::g;\n}\n",
        "clean/src/c/mod.rs": "mod d;\npub use d::Thing;\n",
        "clean/src/c/d.rs": "pub struct Thing;\nfn x<'a>(s: &'a str) -> char { '{' }\n",
        "clean/src/kinds.rs": "keyword_enum! { Kind { A } }\n",  # an item a macro makes
        "clean/tests/t.rs": "use clean::a;\n",
    }
    code, text = run(clean)
    assert code == 0 and text == "module cycles: none in 1 crates (6 modules)\n", text

    tangled = {
        "tangled/src/lib.rs": "pub mod a;\npub mod b;\nmod c;\nmod e;\npub use e::E;\npub fn helper() {}\n",
        "tangled/src/a.rs": "use crate::{b::g, c::{self}};\npub fn f() {}\n",  # a -> b, grouped
        "tangled/src/b.rs": "pub fn g() {\n    super::a::f();\n}\n",  # b -> a, inline path
        "tangled/src/c/mod.rs": "pub mod d;\npub use d::D;\npub fn own() {}\n",  # c -> c::d, re-export
        "tangled/src/c/d.rs": "pub struct D;\nfn h() { crate::c::own(); }\n",  # c::d -> c
        "tangled/src/e.rs": "pub struct E;\nfn k() { crate::helper(); }\n",  # crate -> e -> crate
        # an `app` whose server function reaches the root and a page
        "app/src/lib.rs": "mod pages;\npub mod api;\npub struct AppState;\n",
        "app/src/pages/mod.rs": "mod home;\npub use home::set_status;\n",
        "app/src/pages/home.rs": "pub fn set_status() { crate::api::get(); }\n",
        "app/src/api.rs": "use crate::AppState;\npub fn get() { crate::pages::set_status(); }\n",
    }
    code, text = run(tangled)
    expected = [
        "tangled: a -> b -> a",
        "    a -> b    tangled/src/a.rs:1",
        "    b -> a    tangled/src/b.rs:2",
        "tangled: c -> c::d -> c",
        "    c -> c::d    tangled/src/c/mod.rs:2",
        "    c::d -> c    tangled/src/c/d.rs:2",
        "app: api -> crate::AppState    app/src/api.rs:1",
        "app: api -> crate::pages::set_status    app/src/api.rs:2",
        "module cycles: 2 between modules (2 strongly connected groups), %d through a crate root,"
        " 2 imports running back up; 2 crates (10 modules)" % FAIL_ON_ROOT_CYCLES,
    ] + ["tangled: crate -> e -> crate"] * FAIL_ON_ROOT_CYCLES
    lines = [line[2:] if line.startswith("  ") else line for line in text.splitlines()]
    assert code == 1 and all(line in lines for line in expected), text
    assert "pages::home -> api" not in text, text  # the way back up is not an edge

    tokens = [(t.group(0), 0) for t in TOKEN_RE.finditer("crate::{a, b::{self as x, *}, c as _};")]
    assert parse_use_tree(tokens) == [
        (["crate", "a"], "a", 0),
        (["crate", "b"], "x", 0),
        (["crate", "b"], None, 0),
        (["crate", "c"], None, 0),
    ]
    assert strip_rust('r#"crate::a"#; // x\n/* /* */ */ \'a\' \'b') == " " * 13 + ";     \n" + " " * 16 + "'b"
    print("self-test passed")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if argv[1:2] in (["-h"], ["--help"]) or len(argv) > 2:
        print(__doc__)
        return 0 if len(argv) == 2 else 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    return check(os.path.abspath(root))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
