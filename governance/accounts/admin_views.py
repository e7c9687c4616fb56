"""Administrators manage their own organisation's details, users and roles."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from governance import throttling
from governance.accounts import services
from governance.accounts.forms import ConfirmForm, NewUserForm, OrganisationForm, RolesForm
from governance.accounts.roles import Role
from governance.db import get_session
from governance.security import current_actor, role_required

admin = Blueprint("admin", __name__, url_prefix="/admin")


def _show_error(form: FlaskForm, error: services.AccountError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")


@admin.route("/users")
@role_required(Role.ADMIN)
def list_users() -> ResponseReturnValue:
    users = services.list_users(get_session(), current_actor())
    return render_template("admin/list_users.html", users=users)


@admin.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user() -> ResponseReturnValue:
    form = NewUserForm()
    if form.validate_on_submit():
        actor = current_actor()
        password = services.temporary_password()
        try:
            user = services.create_user(
                get_session(), organisation=actor.organisation, email=form.email.data or "",
                name=form.name.data or "", roles=[Role(value) for value in form.roles.data or []],
                password=password, actor=actor, must_change_password=True,
            )
        except services.AccountError as error:
            _show_error(form, error)
        else:
            # Shown once, here; only its hash is stored.
            return render_template("admin/user_created.html", user=user, password=password)
    return render_template("admin/new_user.html", form=form)


@admin.route("/users/<uuid:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def show_user(user_id: uuid.UUID) -> ResponseReturnValue:
    session = get_session()
    user = services.get_user_for_admin(session, current_actor(), user_id)
    form = RolesForm(data={"roles": sorted(role.value for role in user.roles)})
    if form.validate_on_submit():
        try:
            services.change_roles(session, current_actor(), user, [Role(value) for value in form.roles.data or []])
        except services.AccountError as error:
            _show_error(form, error)
        else:
            flash(f"Roles saved for {user.name}.")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return render_template("admin/show_user.html", user=user, form=form, confirm=ConfirmForm())


def _confirmed_action(user_id: uuid.UUID, action: str) -> ResponseReturnValue:
    session = get_session()
    actor = current_actor()
    user = services.get_user_for_admin(session, actor, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template(f"admin/confirm_{action}.html", user=user, form=form)
    try:
        if action == "deactivate":
            services.deactivate_user(session, actor, user)
            flash(f"{user.name} has been deactivated. They can no longer sign in.")
        elif action == "reactivate":
            services.reactivate_user(session, actor, user)
            flash(f"{user.name} can sign in again.")
        else:
            password = services.reset_password(session, actor, user)
            return render_template("admin/password_reset.html", user=user, password=password)
    except services.AccountError as error:
        flash(str(error), "error")
    return redirect(url_for("admin.show_user", user_id=user.id))


@admin.route("/users/<uuid:user_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def deactivate_user(user_id: uuid.UUID) -> ResponseReturnValue:
    return _confirmed_action(user_id, "deactivate")


@admin.route("/users/<uuid:user_id>/reactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reactivate_user(user_id: uuid.UUID) -> ResponseReturnValue:
    return _confirmed_action(user_id, "reactivate")


@admin.route("/users/<uuid:user_id>/reset-password", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reset_password(user_id: uuid.UUID) -> ResponseReturnValue:
    return _confirmed_action(user_id, "reset_password")


@admin.route("/users/<uuid:user_id>/unlock-sign-in", methods=["POST"])
@role_required(Role.ADMIN)
def unlock_sign_in(user_id: uuid.UUID) -> ResponseReturnValue:
    session = get_session()
    actor = current_actor()
    user = services.get_user_for_admin(session, actor, user_id)
    if ConfirmForm().validate_on_submit():
        services.unlock_sign_in(session, actor, user, throttling.forget_sign_in_failures)
        flash(f"{user.name} can try to sign in again now.")
    return redirect(url_for("admin.show_user", user_id=user.id))


@admin.route("/organisation", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_organisation() -> ResponseReturnValue:
    actor = current_actor()
    organisation = actor.organisation
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(
                get_session(), actor, name=form.name.data or "",
                atrs_organisation_type=form.atrs_organisation_type.data or "",
                website=form.website.data, contact_email=form.contact_email.data,
            )
        except services.AccountError as error:
            _show_error(form, error)
        else:
            flash("Organisation details saved.")
            return redirect(url_for("admin.edit_organisation"))
    return render_template("admin/edit_organisation.html", form=form, organisation=organisation)
