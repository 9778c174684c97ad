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

#: Django 6.1's admin and sign-in pages (the crawler in tests/core/test_admin_crawl.py found
#: them in English).
ADMIN_6_1 = (
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Sessions"),
)

#: django-simple-history's history and revert pages (it ships no Vietnamese).
SIMPLE_HISTORY = (
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %s"),
    gettext_noop("View %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    gettext_noop("Change History"),
    gettext_noop("Revert"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("You may edit it again below"),
)

#: django-axes' sign-in records (it ships no Vietnamese) and DRF's API tokens.
AXES_AND_TOKENS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Auth Token"),
    gettext_noop("Token"),
    gettext_noop("Tokens"),
    gettext_noop("Key"),
)
