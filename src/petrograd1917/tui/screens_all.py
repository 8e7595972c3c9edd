"""Every screen but the game's own, and what they show, imported on first use (see app._screens)."""

from petrograd1917.history.timeline import timeline
from petrograd1917.tui.screens.codex import CodexScreen
from petrograd1917.tui.screens.end import EndScreen
from petrograd1917.tui.screens.errors import LoadErrorsScreen
from petrograd1917.tui.screens.help import HelpScreen
from petrograd1917.tui.screens.journal import JournalScreen
from petrograd1917.tui.screens.map import MapScreen
from petrograd1917.tui.screens.replay import ReplayScreen
from petrograd1917.tui.screens.roles import RoleScreen
from petrograd1917.tui.screens.saves import ConfirmScreen, SaveAsScreen, SlotsScreen
from petrograd1917.tui.screens.settings import SettingsScreen
from petrograd1917.tui.screens.timeline import TimelineScreen
from petrograd1917.tui.screens.title import TitleScreen

__all__ = [
    "CodexScreen", "ConfirmScreen", "EndScreen", "HelpScreen", "JournalScreen", "LoadErrorsScreen", "MapScreen", "ReplayScreen",
    "RoleScreen", "SaveAsScreen", "SettingsScreen", "SlotsScreen", "TimelineScreen", "TitleScreen",
    "timeline",
]
