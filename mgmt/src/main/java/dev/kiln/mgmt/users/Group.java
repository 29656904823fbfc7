package dev.kiln.mgmt.users;

import dev.kiln.mgmt.auth.Grants;

/**
 * A local group; its grants apply to every member.
 *
 * @param name group name
 * @param gid numeric id for file ownership
 * @param grants roles given to members
 */
public record Group(String name, long gid, Grants grants) {}
