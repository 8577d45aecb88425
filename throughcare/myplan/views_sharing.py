"""The person's own pages about sharing: who may have their details, and saying yes or stop."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.myplan import selectors, sharing
from throughcare.myplan.views import person_page

SAID = {
    "stop": "You said stop. They will not get your details now. Your worker has been told.",
    "yes": "You said yes. Your worker can now send your details.",
    "nothing": "Nothing changed. Check the list below.",
}


@person_page
@require_GET
def sharing_list(request):
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    # What the person just said, from the redirect (no Django session, so no flash messages).
    said = request.GET.get("said") if request.GET.get("said") in SAID else None
    return render(
        request, "myplan/sharing.html", {"lines": sharing.own_sharing(session), "said": SAID.get(said or "")}
    )


@person_page
@require_http_methods(["GET", "POST"])
def sharing_one(request, referral_id):
    """One referral: what they see and the person's yes or stop. A GET changes nothing."""
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    line = sharing.own_sharing_line(session, referral_id)
    if request.method == "POST":
        said = "nothing"
        try:
            if line.status == "shared":
                sharing.consent_withdraw_by_person(session=session, referral_id=referral_id)
                said = "stop"
            elif line.status == "asked":
                sharing.consent_give_by_person(session=session, referral_id=referral_id)
                said = "yes"
        except ValidationError:
            said = "nothing"  # changed meanwhile (staff moved it): the list shows where it is now
        return redirect(reverse("myplan:sharing") + f"?said={said}")
    context = {"line": line, "what_they_see": sharing.WHAT_THEY_SEE}
    return render(request, "myplan/sharing_one.html", context)
