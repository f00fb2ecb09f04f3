-- User
CREATE TABLE users (
    id CHAR(32) PRIMARY KEY NOT NULL,
    email VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at TIMESTAMP,
    UNIQUE (email)
);
-- not expressible in SQLite: generated UUID default of users.id (set by the app)

-- Post
CREATE TABLE posts (
    id CHAR(32) PRIMARY KEY NOT NULL,
    user_id CHAR(32) NOT NULL,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR(200) NOT NULL,
    content TEXT NOT NULL,
    status VARCHAR(9) DEFAULT 'draft' NOT NULL,
    published_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at TIMESTAMP,
    UNIQUE (slug),
    CONSTRAINT fk_posts_user_id FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_posts_status CHECK (status IN ('draft', 'published', 'archived'))
);
-- not expressible in SQLite: generated UUID default of posts.id (set by the app)

-- Comment
CREATE TABLE comments (
    id CHAR(32) PRIMARY KEY NOT NULL,
    user_id CHAR(32) NOT NULL,
    post_id CHAR(32) NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT fk_comments_user_id FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_comments_post_id FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE
);
-- not expressible in SQLite: generated UUID default of comments.id (set by the app)

-- Tag
CREATE TABLE tags (
    id CHAR(32) PRIMARY KEY NOT NULL,
    name VARCHAR(50) NOT NULL,
    UNIQUE (name)
);
-- not expressible in SQLite: generated UUID default of tags.id (set by the app)

-- PostTag
CREATE TABLE post_tags (
    post_id CHAR(32) NOT NULL,
    tag_id CHAR(32) NOT NULL,
    PRIMARY KEY (post_id, tag_id),
    CONSTRAINT fk_post_tags_post_id FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT fk_post_tags_tag_id FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE
);

-- MediaAsset
CREATE TABLE media_assets (
    object_key VARCHAR(255) PRIMARY KEY NOT NULL,
    post_id CHAR(32) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT NOT NULL,
    CONSTRAINT ck_media_assets_size_bytes CHECK (size_bytes > 0),
    CONSTRAINT fk_media_assets_post_id FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE
);

-- indexes
CREATE INDEX idx_posts_user_id_created_at ON posts (user_id, created_at DESC);
CREATE INDEX idx_posts_status_published_at ON posts (status, published_at DESC);
CREATE INDEX idx_comments_post_id_created_at ON comments (post_id, created_at);
CREATE INDEX idx_comments_user_id ON comments (user_id);
CREATE INDEX idx_post_tags_tag_id ON post_tags (tag_id);
CREATE INDEX idx_media_assets_post_id ON media_assets (post_id);

-- foreign keys
-- SQLite: foreign keys are declared inside CREATE TABLE (no ALTER TABLE)
