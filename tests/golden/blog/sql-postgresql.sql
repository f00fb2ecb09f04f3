-- types
CREATE TYPE posts_status AS ENUM ('draft', 'published', 'archived');

-- User
CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW() NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE,
    UNIQUE (email)
);

-- Post
CREATE TABLE posts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR(200) NOT NULL,
    content TEXT NOT NULL,
    status posts_status DEFAULT 'draft' NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW() NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE,
    UNIQUE (slug)
);

-- Comment
CREATE TABLE comments (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL,
    post_id UUID NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW() NOT NULL
);

-- Tag
CREATE TABLE tags (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(50) NOT NULL,
    UNIQUE (name)
);

-- PostTag
CREATE TABLE post_tags (
    post_id UUID NOT NULL,
    tag_id UUID NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);

-- MediaAsset
CREATE TABLE media_assets (
    object_key VARCHAR(255) PRIMARY KEY,
    post_id UUID NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT NOT NULL,
    CONSTRAINT ck_media_assets_size_bytes CHECK (size_bytes > 0)
);

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

-- comments
COMMENT ON TABLE users IS 'A person who writes posts or comments';
COMMENT ON COLUMN users.id IS 'unique identifier';
COMMENT ON COLUMN users.email IS 'sign-in address';
COMMENT ON COLUMN users.name IS 'display name';
COMMENT ON COLUMN users.created_at IS 'creation time';
COMMENT ON COLUMN users.updated_at IS 'last modification';
COMMENT ON TABLE posts IS 'An article written by one user';
COMMENT ON COLUMN posts.id IS 'unique identifier';
COMMENT ON COLUMN posts.user_id IS 'author';
COMMENT ON COLUMN posts.title IS 'headline';
COMMENT ON COLUMN posts.slug IS 'URL path segment';
COMMENT ON COLUMN posts.content IS 'Markdown body';
COMMENT ON COLUMN posts.status IS 'publication state';
COMMENT ON COLUMN posts.published_at IS 'when it went public';
COMMENT ON COLUMN posts.created_at IS 'creation time';
COMMENT ON COLUMN posts.updated_at IS 'last modification';
COMMENT ON TABLE comments IS 'A reader''s comment on a post';
COMMENT ON COLUMN comments.id IS 'unique identifier';
COMMENT ON COLUMN comments.user_id IS 'who wrote it';
COMMENT ON COLUMN comments.post_id IS 'the post it is on';
COMMENT ON COLUMN comments.content IS 'comment text';
COMMENT ON COLUMN comments.created_at IS 'creation time';
COMMENT ON TABLE tags IS 'A topic label';
COMMENT ON COLUMN tags.id IS 'unique identifier';
COMMENT ON COLUMN tags.name IS 'tag text';
COMMENT ON TABLE post_tags IS 'Junction between posts and tags';
COMMENT ON COLUMN post_tags.post_id IS 'tagged post';
COMMENT ON COLUMN post_tags.tag_id IS 'tag';
COMMENT ON TABLE media_assets IS 'An image uploaded for a post; its metadata lives here, its bytes in S3';
COMMENT ON COLUMN media_assets.object_key IS 'key of the object in the bucket';
COMMENT ON COLUMN media_assets.post_id IS 'post that uses it';
COMMENT ON COLUMN media_assets.content_type IS 'MIME type';
COMMENT ON COLUMN media_assets.size_bytes IS 'object size';
