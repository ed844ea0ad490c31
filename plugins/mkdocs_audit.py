"""projecth-audit: checks the built HTML (projecth.core.audit) and writes the site's `_headers` file.

Runs last (after Pagefind has indexed the site), over the whole built site. It first rewrites Pagefind's filter
and meta files in a stable order (projecth.core.reproducible), so that two builds are byte-for-byte identical. Any finding fails the build with the file and line named; the
Content-Security-Policy in `_headers` carries the sha256 of each inline script the theme wrote in this build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .core.audit import AuditResult, audit_page, audit_site, headers_file
from .core.reproducible import PagefindFormatError, normalise_pagefind
from .buildlog import PROGRESS
from .mkdocs_library import library_state
from .core.forked import usable_cores

log = get_plugin_logger(__name__)


class AuditConfig(Config):
    # Write `_headers` at the site's root (Netlify, Cloudflare Pages); turn off for hosts that ignore it.
    headers = config_options.Type(bool, default=True)
    # Pagefind's output folder under the site, rewritten in a stable order when it is there.
    pagefind_dir = config_options.Type(str, default="pagefind")


class AuditPlugin(BasePlugin[AuditConfig]):
    def on_config(self, config):
        self.rebuilt = AuditResult()  # pages rendered by this build: what a dirty preview audits
        return config

    @event_priority(-110)
    def on_post_page(self, output: str, *, page, config) -> str:
        if library_state(config).preview is not None:
            findings, _ = audit_page(page.file.dest_uri, output)
            self.rebuilt.findings.extend(findings)
            self.rebuilt.pages += 1
        return output

    # After projecth-search (-100), which runs Pagefind, and every plugin that writes files.
    @event_priority(-110)
    def on_post_build(self, *, config) -> None:
        if library_state(config).preview is not None:
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
                raise PluginError(f"projecth-audit: cannot make Pagefind's output reproducible: {error}") from error
        # Pagefind has finished: in a one-off build every core is free for the audit.
        result = audit_site(site_dir, processes=usable_cores() if library_state(config).may_fork else 1)
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
                f"projecth-audit: {len(result.findings)} problem(s) in the built HTML:\n{shown}"
                + (f"\n  ... and {more} more" if more > 0 else ""))
