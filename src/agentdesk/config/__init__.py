"""Settings, paths and secrets: the TOML settings file, platformdirs folders and the OS keyring."""

from agentdesk.config.paths import Paths, default_paths
from agentdesk.config.secrets import SecretError, get_secret, set_secret
from agentdesk.config.settings import ConfigError, Settings, load_settings

__all__ = [
    "ConfigError",
    "Paths",
    "SecretError",
    "Settings",
    "default_paths",
    "get_secret",
    "load_settings",
    "set_secret",
]
