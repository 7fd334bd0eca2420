"""Exceptions of the monitor package, and the exit codes cli/ turns them into (README "Exit
codes"; the scheduler reads them from the runs it starts)."""

EXIT_ERROR = 1  # an error you can fix
EXIT_USAGE = 2  # a usage error, or a value the command cannot use
EXIT_LOCKED = 3  # another run (or, for `schedule`, another scheduler) holds the data dir
EXIT_PARTIAL = 4  # the run finished, but some sources could not be fetched
EXIT_FAILED = 5  # the run finished, but no source could be fetched
EXIT_TIMEOUT = 6  # the run reached its time limit and was stopped


class MonitorError(Exception):
    """Base class for every error a user can cause through the monitor."""


class ConfigError(MonitorError):
    """config.yaml (or a file it names) is unreadable or invalid.

    `problems` holds one line per problem, each naming the file and key path.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFoundError(MonitorError):
    """A source id, alert id, region, principle or stored page the user named does not exist.

    `kind` says what was looked for (`alert`, `source`, `snapshot`, ... or "" when the
    message says it all) and `key` what was named, so a caller can say where to look. When
    the name came in a parameter's value (`set`: `penality=yes`), `param` and `value` say
    which, as for InvalidValueError, and `message` is then the problem with that value.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "",
        key: object = None,
        param: str | None = None,
        value: str | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.problem = message
        self.param = param
        self.value = value
        super().__init__(f"{param} {value}: {message}" if param else message)


class InvalidValueError(MonitorError):
    """A value the user gave (a date, an attribute value) is not one the command can use.

    `param` names the parameter it was given for (`until`), when one did, and `value` is
    the value as given; `problem` says what is wrong with it.
    """

    def __init__(self, problem: str, *, param: str | None = None, value: str | None = None):
        self.problem = problem
        self.param = param
        self.value = value
        super().__init__(f"{param} {value}: {problem}" if param else problem)


class MissingValueError(MonitorError):
    """A value a change needs was left empty (a decision's reason). `param` names the
    parameter it is given in (`note`)."""

    def __init__(self, problem: str, *, param: str) -> None:
        self.problem = problem
        self.param = param
        super().__init__(problem)


class DataDirLockedError(MonitorError):
    """Another run holds the data dir's lock."""

    def __init__(self, message: str, pid: int | None) -> None:
        self.pid = pid
        super().__init__(message)


class SchedulerRunningError(DataDirLockedError):
    """Another scheduler daemon runs on the same data dir (its pid, when known)."""


class RunTimeLimitError(MonitorError):
    """A run reached its time limit and was stopped (recorded with status `timeout`)."""

    def __init__(self, run_id: int, seconds: float) -> None:
        self.run_id = run_id
        self.seconds = seconds
        super().__init__(f"run {run_id} stopped at its time limit of {seconds:g} s")


class DocumentTooComplexError(MonitorError):
    """Extracting one document (a file, or a URL's stored snapshot) took longer than its
    budget (`seconds`) and was stopped."""

    def __init__(self, target: str, seconds: float) -> None:
        self.target = target
        self.seconds = seconds
        super().__init__(
            f"{target}: too-complex: extraction took longer than {seconds:g} s, so it was stopped"
        )
