"""What the site's pages hold about a person (see accounts/personal_data.py):
the staff who edit the directions' news and pages in Wagtail.

Pages, their versions, images and documents are the site's: they stay,
without the link to the account (the database sets it to null). Wagtail's
history of who did what keeps the account's number without a foreign key
(DO_NOTHING): erasure clears it. Comments on a page, their replies and the
person's own editing state go with the account.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Comment, CommentReply, ModelLogEntry, PageLogEntry

from accounts import personal_data


def export(person) -> dict:
    comments = Comment.objects.filter(user=person).select_related("page").order_by(
        "created_at", "pk")
    replies = CommentReply.objects.filter(user=person).select_related("comment__page").order_by(
        "created_at", "pk")
    return {"page_comments": [
        *({"page": c.page.title, "text": c.text, "at": c.created_at.isoformat()}
          for c in comments),
        *({"page": r.comment.page.title, "text": r.text, "at": r.created_at.isoformat()}
          for r in replies),
    ]}


def erase(person) -> None:
    ModelLogEntry.objects.filter(user_id=person.pk).update(user=None)
    PageLogEntry.objects.filter(user_id=person.pk).update(user=None)


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="cms",
        title=_("Site pages"),
        export=export,
        erase=erase,
        covers=(
            "wagtailcore.Comment.user", "wagtailcore.CommentReply.user",
            "wagtailcore.PageSubscription.user", "wagtailcore.ModelLogEntry.user",
            "wagtailcore.PageLogEntry.user", "wagtailcore.APIToken.user",
            "wagtailadmin.EditingSession.user", "wagtailadmin.FormState.user",
        ),
        acts=(
            "wagtailcore.Page.owner", "wagtailcore.Page.locked_by", "wagtailcore.Revision.user",
            "wagtailcore.WorkflowState.requested_by", "wagtailcore.TaskState.finished_by",
            "wagtailcore.Comment.resolved_by", "wagtailcore.UploadedFile.uploaded_by_user",
            "wagtailimages.Image.uploaded_by_user", "wagtaildocs.Document.uploaded_by_user",
        ),
        processings=(personal_data.Processing(
            name=_("Editing the site's pages"),
            data=_(
                "For the staff who edit the news and pages: who wrote, published or "
                "locked which version, and their comments on a page."
            ),
            purpose=_("Publish the directions' news and pages, and know who did what."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_(
                "Pages and their history stay, without the link to your account once it "
                "is erased; your comments are erased with it."
            ),
        ),),
    ))
