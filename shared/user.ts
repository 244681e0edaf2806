/** The text columns of `created_users`, in the seed table's order (after `id`). */
export const USER_TEXT_COLUMNS = [
  'first_name',
  'last_name',
  'dob',
  'gender',
  'address',
  'postal_code',
  'username',
  'email',
  'phone',
  'registered_date',
  'picture',
] as const;

/** All columns of `created_users`: `id uuid PRIMARY KEY` plus eleven text columns, exactly as the seed created it. */
export const USER_COLUMNS = ['id', ...USER_TEXT_COLUMNS] as const;

/** One text column name of `created_users`. */
export type UserTextColumn = (typeof USER_TEXT_COLUMNS)[number];

/** One row of `spark_user_streams.created_users`; `id` is a lower-case canonical UUID string. */
export type UserRow = { id: string } & { [K in UserTextColumn]: string | null };
