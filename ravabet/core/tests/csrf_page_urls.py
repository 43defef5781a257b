"""A public page with a form of its own (none of Ravabet's has one today: the language
switch needs no token), for the tests of the token the cache puts back per visitor."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from ravabet.core.publiccache import public_page

_FORM = engines["django"].from_string(
    '<form method="post" action="/form/">{% csrf_token %}<button>Send</button></form>'
)


@public_page
def page_with_a_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_FORM.render(request=request))


def post_the_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("sent")


urlpatterns = [
    path("form-page/", page_with_a_form),
    path("form/", post_the_form),
]
