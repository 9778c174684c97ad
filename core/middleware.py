"""Vietnamese first: the interface language is the one the user chose (the language cookie set
by the switch in the user menu), else Vietnamese — not the browser's preference, since staff
often run English browsers on Vietnamese work."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the Accept-Language guess."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
