"""Forget the cached footer when what it shows may have changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .footer import footer_links_forget
from .models import FooterLinks


@receiver(post_save, sender=FooterLinks)
@receiver(post_delete, sender=FooterLinks)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def _forget_footer(**kwargs):
    footer_links_forget()


def _forget_on_page_delete(sender, **kwargs):
    if issubclass(sender, Page):
        footer_links_forget()


post_delete.connect(_forget_on_page_delete, dispatch_uid="cms-footer-page-delete")
