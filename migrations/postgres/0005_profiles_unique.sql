-- An e-mail address or phone number belongs to one customer at most (when given).
CREATE UNIQUE INDEX user_profiles_email ON user_profiles (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX user_profiles_phone ON user_profiles (phone) WHERE phone IS NOT NULL;
