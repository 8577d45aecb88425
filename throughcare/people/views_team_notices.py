"""Care team notices: join requests for the team's lead, and changes another organisation made."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from throughcare.core.permissions import Permission, permission_required
from throughcare.people import selectors
from throughcare.people.identifiers import IDENTIFIER_LABELS
from throughcare.people.models import TeamNoticeKind, TeamNoticeOutcome
from throughcare.people.team_notices import team_notice_answer


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def team_notices(request):
    notices = selectors.team_notices_for(request.user)
    for notice in notices:
        notice.matched_label = IDENTIFIER_LABELS.get(notice.matched_on, "")
    return render(request, "people/team_notices.html", {"notices": notices})


@permission_required(Permission.VIEW_PEOPLE)
@require_POST
def team_notice_answer_view(request, notice_id):
    notice = selectors.team_notice_for(request.user, notice_id)
    outcome = request.POST.get("outcome", "")
    if notice.kind == TeamNoticeKind.JOIN_REQUEST and outcome == TeamNoticeOutcome.JOINED:
        selectors.require_care_team_member(request.user, notice.person)
    try:
        team_notice_answer(actor=request.user, notice=notice, outcome=outcome)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if outcome == TeamNoticeOutcome.JOINED:
            messages.success(
                request, f"{notice.from_organisation.name} has joined {notice.person.full_name}'s team."
            )
        elif outcome == TeamNoticeOutcome.DECLINED:
            messages.success(request, f"{notice.from_organisation.name} has not been added to the team.")
        else:
            messages.success(request, "The notice has been marked as read.")
    return redirect("people:team-notices")
