"""Errors the renderer raises with a message a user can read."""


class ReportRenderError(Exception):
    """The report could not be rendered; the message says why in plain words."""


class ReportDataError(ReportRenderError):
    """The data the report needs is missing (the program or directive was deleted...)."""
