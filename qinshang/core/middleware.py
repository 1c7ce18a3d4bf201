from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}
PORTAL_PREFIX = "/portal/"
PORTAL_LANGUAGE = "zh-hant"
API_PREFIX = "/api/"


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The language the user chose (the selector's cookie), else the default of the area:
    Simplified Chinese for staff, Traditional for the compatriots' portal.

    A browser's Accept-Language is not consulted: an office PC set up in English must still
    show the staff UI in Chinese until its user picks otherwise. The JSON API is the exception:
    a program has no language selector, so it says what it reads in Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(API_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen not in SUPPORTED:
            chosen = (PORTAL_LANGUAGE if _for_the_portal(request) else settings.LANGUAGE_CODE)
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


def _for_the_portal(request: HttpRequest) -> bool:
    """A portal page, or the login page on the way to one (a compatriot following a link)."""
    return (request.path_info.startswith(PORTAL_PREFIX)
            or request.GET.get("next", "").startswith(PORTAL_PREFIX))
