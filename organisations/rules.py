"""Permissions of organisations: everyone reads a profile; signed-in people
create one (and become its admin); its admins edit it, add members and link
it to the communities it takes part in; the
institution's agents verify it."""

import rules

from roles.predicates import is_direction_agent, is_organisation_admin, is_site_staff

rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", rules.is_authenticated)
rules.add_perm("organisations.change_organisation", is_organisation_admin | is_site_staff)
rules.add_perm("organisations.manage_members", is_organisation_admin | is_site_staff)
rules.add_perm("organisations.verify_organisation", is_direction_agent | is_site_staff)
rules.add_perm("organisations.link_community", is_organisation_admin | is_site_staff)
