"""Reading a site's mkdocs.yml without MkDocs, for the commands that build nothing (`projecth check`).

One safe loader for the whole toolkit: `!ENV` gives the variable (or its default); `!!python/name:` names an
object, imported because an extension setting (pymdownx's custom fences, say) may need it; any other tag is read
as plain data. MkDocs itself reads mkdocs.yml with PyYAML's full `yaml.Loader`, which can build any Python
object: whoever may change mkdocs.yml may run code in CI, which is why CODEOWNERS gives it to the maintainers.
"""

from __future__ import annotations

import importlib
import hashlib
import os
from pathlib import Path

import yaml


class _SiteConfigLoader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    values = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _other_tag(loader: yaml.SafeLoader, suffix, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_SiteConfigLoader.add_constructor("!ENV", _env)
_SiteConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_SiteConfigLoader.add_multi_constructor("", _other_tag)


def read_site_config(mkdocs_yml: str | os.PathLike) -> dict:
    """mkdocs.yml as plain data; {} when it is missing, unreadable or not a mapping."""
    try:
        with open(mkdocs_yml, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_SiteConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict, name: str) -> dict:
    """The options mkdocs.yml gives the plugin `name` ({} when it is not configured or has none)."""
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get(name), dict):
            return plugin[name]
    return {}


def feature_options(config: dict, feature: str) -> dict:
    """The options mkdocs.yml gives one feature of the `projecth` plugin (`projecth: {library: {...}}`), or {}."""
    options = plugin_options(config, "projecth").get(feature)
    return options if isinstance(options, dict) else {}


def user_cache_dir(feature: str, site_root: str | os.PathLike) -> Path:
    """Where one of a site's caches is kept (`check`, `office`): in the user's cache folder ($XDG_CACHE_HOME, else
    ~/.cache), one folder per site, never inside the site's own folder, where a pull request could plant entries
    (a body recorded as passed, a Word copy that is not the resource's) that the next build would trust."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    site = hashlib.sha256(str(Path(site_root).resolve()).encode("utf-8")).hexdigest()[:16]
    return base / "projecth" / site / feature
