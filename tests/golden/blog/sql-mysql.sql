-- User
CREATE TABLE users (
    id CHAR(32) PRIMARY KEY COMMENT 'unique identifier' DEFAULT (REPLACE(UUID(), '-', '')),
    email VARCHAR(255) NOT NULL COMMENT 'sign-in address',
    name VARCHAR(100) NOT NULL COMMENT 'display name',
    created_at TIMESTAMP NOT NULL COMMENT 'creation time' DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NULL COMMENT 'last modification',
    UNIQUE (email)
) COMMENT='A person who writes posts or comments';
-- not expressible in MySQL: instants outside 1970-2038 in users (created_at, updated_at): timestamp(tz) is TIMESTAMP

-- Post
CREATE TABLE posts (
    id CHAR(32) PRIMARY KEY COMMENT 'unique identifier' DEFAULT (REPLACE(UUID(), '-', '')),
    user_id CHAR(32) NOT NULL COMMENT 'author',
    title VARCHAR(200) NOT NULL COMMENT 'headline',
    slug VARCHAR(200) NOT NULL COMMENT 'URL path segment',
    content TEXT NOT NULL COMMENT 'Markdown body',
    status ENUM('draft','published','archived') NOT NULL COMMENT 'publication state' DEFAULT 'draft',
    published_at TIMESTAMP NULL COMMENT 'when it went public',
    created_at TIMESTAMP NOT NULL COMMENT 'creation time' DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NULL COMMENT 'last modification',
    UNIQUE (slug)
) COMMENT='An article written by one user';
-- not expressible in MySQL: instants outside 1970-2038 in posts (published_at, created_at, updated_at): timestamp(tz) is TIMESTAMP

-- Comment
CREATE TABLE comments (
    id CHAR(32) PRIMARY KEY COMMENT 'unique identifier' DEFAULT (REPLACE(UUID(), '-', '')),
    user_id CHAR(32) NOT NULL COMMENT 'who wrote it',
    post_id CHAR(32) NOT NULL COMMENT 'the post it is on',
    content TEXT NOT NULL COMMENT 'comment text',
    created_at TIMESTAMP NOT NULL COMMENT 'creation time' DEFAULT CURRENT_TIMESTAMP
) COMMENT='A reader''s comment on a post';
-- not expressible in MySQL: instants outside 1970-2038 in comments (created_at): timestamp(tz) is TIMESTAMP

-- Tag
CREATE TABLE tags (
    id CHAR(32) PRIMARY KEY COMMENT 'unique identifier' DEFAULT (REPLACE(UUID(), '-', '')),
    name VARCHAR(50) NOT NULL COMMENT 'tag text',
    UNIQUE (name)
) COMMENT='A topic label';

-- PostTag
CREATE TABLE post_tags (
    post_id CHAR(32) NOT NULL COMMENT 'tagged post',
    tag_id CHAR(32) NOT NULL COMMENT 'tag',
    PRIMARY KEY (post_id, tag_id)
) COMMENT='Junction between posts and tags';

-- MediaAsset
CREATE TABLE media_assets (
    object_key VARCHAR(255) PRIMARY KEY COMMENT 'key of the object in the bucket',
    post_id CHAR(32) NOT NULL COMMENT 'post that uses it',
    content_type VARCHAR(100) NOT NULL COMMENT 'MIME type',
    size_bytes BIGINT NOT NULL COMMENT 'object size',
    CONSTRAINT ck_media_assets_size_bytes CHECK (size_bytes > 0)
) COMMENT='An image uploaded for a post; its metadata lives here, its bytes in S3';

-- indexes
CREATE INDEX idx_posts_user_id_created_at ON posts (user_id, created_at DESC);
CREATE INDEX idx_posts_status_published_at ON posts (status, published_at DESC);
CREATE INDEX idx_comments_post_id_created_at ON comments (post_id, created_at);
CREATE INDEX idx_comments_user_id ON comments (user_id);
CREATE INDEX idx_post_tags_tag_id ON post_tags (tag_id);
CREATE INDEX idx_media_assets_post_id ON media_assets (post_id);

-- foreign keys
ALTER TABLE posts
    ADD CONSTRAINT fk_posts_user_id
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE comments
    ADD CONSTRAINT fk_comments_user_id
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE comments
    ADD CONSTRAINT fk_comments_post_id
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;
ALTER TABLE post_tags
    ADD CONSTRAINT fk_post_tags_post_id
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;
ALTER TABLE post_tags
    ADD CONSTRAINT fk_post_tags_tag_id
    FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE;
ALTER TABLE media_assets
    ADD CONSTRAINT fk_media_assets_post_id
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;
