"""The audit feature of the `projecth` plugin: checks the built HTML (projecth.core.security.site_audit) and writes `_headers`.

Runs last (after Pagefind has indexed the site), over the whole built site. It first rewrites Pagefind's filter
and meta files in a stable order (projecth.core.publishing.pagefind_order), so that two builds are byte-for-byte identical. Any finding fails the build with the file and line named; the
Content-Security-Policy in `_headers` carries the sha256 of each inline script the theme wrote in this build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .core.security.site_audit import AuditPolicy, AuditResult, audit_page, audit_site, fill_csp_meta, headers_file
from .core.publishing.pagefind_order import PagefindFormatError, normalise_pagefind
from .buildlog import PROGRESS

if TYPE_CHECKING:
    from .plugin import BuildState

log = get_plugin_logger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class AuditConfig(Config):
    # Write `_headers` at the site's root (Netlify, Cloudflare Pages); turn off for hosts that ignore it.
    headers = config_options.Type(bool, default=True)
    # Pagefind's output folder under the site, rewritten in a stable order when it is there.
    pagefind_dir = config_options.Type(str, default="pagefind")


class AuditFeature:
    def __init__(self) -> None:
        self.config = AuditConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config
        self.rebuilt = AuditResult()
        self.rules: AuditPolicy | None = None  # per build, from on_config on

    def on_config(self, config):
        self.rebuilt = AuditResult()  # pages rendered by this build: what a dirty preview audits
        self.rules = AuditPolicy.of((), self.config.pagefind_dir)
        return config

    # After every feature that adds files (the plugin's order): the scripts pages may load are exactly the theme's
    # and the toolkit's own files as this build publishes them. A content file at the same address
    # (content/assets/javascripts/...) replaces the theme's, so it is not on the list and every page that loads it
    # fails the audit.
    def on_files(self, files, *, config):
        owners = [os.path.realpath(folder) for folder in config.theme.dirs] + [os.path.realpath(PACKAGE_DIR)]
        docs = os.path.realpath(config.docs_dir)
        scripts = set()
        for file in files:
            source = os.path.realpath(file.abs_src_path) if file.abs_src_path else ""
            if not file.dest_uri.endswith(".js") or not source or _inside(source, docs):
                continue
            if any(_inside(source, owner) for owner in owners):
                scripts.add(file.dest_uri)
        self.rules = AuditPolicy.of(scripts, self.config.pagefind_dir)
        return files

    # The plugin's on_post_template and on_post_page run at priority -110, after any other plugin or hook.
    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # 404.html and other theme templates are not pages: their policy <meta> is filled here.
        return fill_csp_meta(output_content, self.rules) if template_name.endswith(".html") else output_content

    def on_post_page(self, output: str, *, page, config) -> str:
        # The page's own Content-Security-Policy <meta> (main.html writes its place): GitHub Pages sends no
        # headers of the site's, so this is the policy there.
        output = fill_csp_meta(output, self.rules)
        if not self.build.mode.renders_every_page:
            findings, _ = audit_page(page.file.dest_uri, output, self.rules)
            self.rebuilt.findings.extend(findings)
            self.rebuilt.pages += 1
        return output

    # After the search feature, which runs Pagefind (the plugin's order), and every plugin that writes files.
    def on_post_build(self, *, config) -> None:
        if not self.build.mode.renders_every_page:
            # `mkdocs serve --dirty`: only the pages this rebuild rendered; Pagefind may still be writing, and
            # the preview server reads no `_headers`. Every published build audits the whole site.
            self._raise_on(self.rebuilt)
            log.info("audited the %d pages this preview rebuilt", self.rebuilt.pages, extra=PROGRESS)
            return
        site_dir = Path(config.site_dir)
        bundle = site_dir / self.config.pagefind_dir
        if (bundle / "pagefind-entry.json").is_file():
            try:
                normalise_pagefind(bundle)
            except PagefindFormatError as error:
                raise PluginError(f"projecth: cannot make Pagefind's output reproducible: {error}") from error
        # One process: auditing on every core gained nothing beyond the machine's noise (benchmarks/README.md).
        result = audit_site(site_dir, rules=self.rules)
        self._raise_on(result)
        if self.config.headers:
            (site_dir / "_headers").write_text(headers_file(result.script_hashes), encoding="utf-8")
        log.info("audited %d pages: no scripts, handlers, script URLs or comments out of place", result.pages,
                 extra=PROGRESS)

    @staticmethod
    def _raise_on(result: AuditResult) -> None:
        if result.findings:
            shown = "\n".join(f"  {finding}" for finding in result.findings[:50])
            more = len(result.findings) - 50
            raise PluginError(
                f"projecth: the audit found {len(result.findings)} problem(s) in the built HTML:\n{shown}"
                + (f"\n  ... and {more} more" if more > 0 else ""))
