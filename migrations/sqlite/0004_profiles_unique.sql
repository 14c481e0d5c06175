-- See migrations/postgres/0005_profiles_unique.sql.
CREATE UNIQUE INDEX user_profiles_email ON user_profiles (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX user_profiles_phone ON user_profiles (phone) WHERE phone IS NOT NULL;
