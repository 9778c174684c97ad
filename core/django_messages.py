"""Messages of Django and its admin that Django's own Vietnamese catalogue lacks (new in
Django 5 and 6), named here so that ``makemessages`` carries them into the project's catalogue,
which takes precedence over Django's: staff then see Vietnamese form errors and admin pages.

Only what staff and administrators can meet is listed; nothing here is called at run time.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

FORMS = (
    gettext_noop("- Select an option -"),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Date out of range"),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("No %s matches the given query."),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 0
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 0),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    ),
)

ADMIN = (
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Error:"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Logout"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Run"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Set password"),
    gettext_noop("Reset password"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
)
