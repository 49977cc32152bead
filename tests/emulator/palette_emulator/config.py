"""Run-time behaviour switches, shared by the CLI, the admin API and the handlers."""

from dataclasses import asdict, dataclass, fields

# The unknowns of REF §12 (docs/dev/apply-lifecycle.md): each switch and its values, the default (the least
# forgiving reading) first. GET /__emulator__/switches answers this table so test matrices come from the emulator.
SWITCHES = {
    "profile_updates": ("empty", "template", "merged"),
    "profile_put": ("in_place", "draft"),
    "manifest_without_content": ("blanked", "kept"),
    "tag_search": ("stored", "bare"),
    "tenant_profiles_in_project": ("hidden", "visible"),
    "install_later_can_be_applied": ("until_trigger", "when_downloaded"),
    "pack_status_after_patch": ("stale", "fresh"),
    "progress_condition": ("progressing", "ready_false"),
    "patch_scope": ("all_attached", "named"),
    # REF §5 "DELETE": whether Palette refuses to delete a profile version clusters use is not documented
    "profile_delete_in_use": ("deletes", "refused"),
    # REF §6: GET /v1/spectroclusters/{uid}/variables answers a `value` per variable; whether an `isSensitive` one
    # comes back masked (the spec masks its default) or in clear is not documented
    "sensitive_variable_read": ("masked", "clear"),
    # REF §6/§9: whether PATCH/PUT /profiles applies `profiles[].variables` (Terraform sends them and still PATCHes
    # /variables afterwards) or only PATCH /variables sets values
    "profile_patch_variables": ("ignored", "applied"),
    # ... and whether the values of a replaced (replaceWithProfile) version survive when no variables are applied
    "replaced_variables": ("reset", "kept"),
    # REF §5 (issue #19): whether a profile's status carries inUseClusters / inUseClusterTemplates (and
    # inUseClusterUids) when they are empty is not documented (no x-omitempty: false); left out is the reading a
    # client must survive, since a missing list cannot be told from "not told"
    "profile_usage_lists": ("omitted_when_empty", "listed"),
}


@dataclass
class Config:
    """Every knob that changes how the emulator answers.

    All of them can be set on the command line and most can be changed at run time with
    ``PATCH /__emulator__/config``; tests rely on both.
    """

    strict: bool = False              # 400 on body fields the spec does not define (real Palette ignores them)
    rate_limits: bool = True          # REF §7 token buckets per source address and endpoint prefix
    retry_after: int | None = None    # add Retry-After: N to 429 answers (real Palette sends none)
    token_lifetime: int = 900         # seconds a JWT from /v1/auth/authenticate lives (REF §2: 15 min)
    apply_seconds: float = 2.0        # emulator-clock seconds a cluster spends applying a profile change
    auto_apply: bool = False          # publishing a profile starts the apply on every cluster that uses it
    echo_secret_in_errors: bool = False  # auth failures echo the presented API key (REF §7, SDK commit ed05432)
    validate_responses: bool = False  # check every /v1 answer against the spec; violations show in /__emulator__/violations
    # The switches (SWITCHES): what /profileUpdates answers, where a PUT on a published profile lands, ...
    profile_updates: str = SWITCHES["profile_updates"][0]
    profile_put: str = SWITCHES["profile_put"][0]
    manifest_without_content: str = SWITCHES["manifest_without_content"][0]
    tag_search: str = SWITCHES["tag_search"][0]
    tenant_profiles_in_project: str = SWITCHES["tenant_profiles_in_project"][0]
    install_later_can_be_applied: str = SWITCHES["install_later_can_be_applied"][0]
    pack_status_after_patch: str = SWITCHES["pack_status_after_patch"][0]
    progress_condition: str = SWITCHES["progress_condition"][0]
    patch_scope: str = SWITCHES["patch_scope"][0]
    profile_delete_in_use: str = SWITCHES["profile_delete_in_use"][0]
    sensitive_variable_read: str = SWITCHES["sensitive_variable_read"][0]
    profile_patch_variables: str = SWITCHES["profile_patch_variables"][0]
    replaced_variables: str = SWITCHES["replaced_variables"][0]
    profile_usage_lists: str = SWITCHES["profile_usage_lists"][0]

    # Which keys PATCH /__emulator__/config accepts, with the type each must have.
    def patchable(self):
        """Return {name: type} of the fields an admin PATCH may change."""
        return {f.name: f.type for f in fields(self)}

    def to_dict(self):
        """Plain dict for JSON answers."""
        return asdict(self)

    def update(self, changes):
        """Apply a dict of changes after checking names and types; raise ValueError naming the problem."""
        allowed = {f.name for f in fields(self)}
        checked = {}
        for name, value in changes.items():
            if name not in allowed:
                raise ValueError(f"config: unknown key {name!r} (known: {', '.join(sorted(allowed))})")
            checked[name] = _coerce(name, value)
        for name, value in checked.items():
            setattr(self, name, value)


_BOOLS = {"strict", "rate_limits", "auto_apply", "echo_secret_in_errors", "validate_responses"}


def _coerce(name, value):
    """Check one config value; the admin API must reject nonsense rather than store it."""
    if name in SWITCHES and value not in SWITCHES[name]:
        raise ValueError(f"config: {name} must be one of {', '.join(SWITCHES[name])}, got {value!r}")
    if name in _BOOLS and not isinstance(value, bool):
        raise ValueError(f"config: {name} must be true or false, got {value!r}")
    if name == "retry_after":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"config: retry_after must be null or a whole number of seconds >= 0, got {value!r}")
        return value
    if name == "token_lifetime":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"config: token_lifetime must be a whole number of seconds > 0, got {value!r}")
        return value
    if name == "apply_seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"config: apply_seconds must be a number of seconds >= 0, got {value!r}")
        return float(value)
    return value
